// Human-readable times for the screen and the summary.

export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
}

function clockTime(at: number): string {
  const d = new Date(at);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** "now", "in 10m (14:32)", "in 3 days (2026-11-27)". */
export function formatWhen(at: number, now: number): string {
  const ms = at - now;
  if (ms <= 0) return 'now';
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `in ${Math.max(1, minutes)}m (${clockTime(at)})`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `in ${hours}h (${clockTime(at)})`;
  const days = Math.round(hours / 24);
  const d = new Date(at);
  const date = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  return `in ${days} day${days === 1 ? '' : 's'} (${date})`;
}
