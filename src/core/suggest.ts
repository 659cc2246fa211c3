// "Did you mean": the names closest to one that matched nothing (a typo in --deck or --tag).

/** Edit distance (insertions, deletions, substitutions, adjacent swaps), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const x = [...a.toLowerCase()];
  const y = [...b.toLowerCase()];
  let before = Array.from({ length: y.length + 1 }, (_, j) => j);
  let prev = before.slice();
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      row.push(d);
    }
    before = prev;
    prev = row;
  }
  return prev[y.length]!;
}

/**
 * Up to `max` of `names` that look like `wanted`, closest first: within a few edits of a whole
 * name (or, for a name with `::` parts, of its last part), or containing `wanted`.
 */
export function closestNames(wanted: string, names: Iterable<string>, max = 3): string[] {
  const w = wanted.toLowerCase().replace(/(::)+$/, '');
  const limit = Math.max(1, Math.floor(w.length / 3));
  const scored: { name: string; score: number }[] = [];
  for (const name of new Set(names)) {
    const n = name.toLowerCase();
    const last = n.slice(n.lastIndexOf('::') + 2);
    let distance = editDistance(w, n);
    if (!w.includes('::')) distance = Math.min(distance, editDistance(w, last));
    const contains = w.length >= 2 && (n.includes(w) || (w.includes('::') ? false : last.includes(w)));
    if (distance <= limit || contains) scored.push({ name, score: Math.min(distance, contains ? 0.5 : Infinity) });
  }
  return scored
    .sort((a, b) => a.score - b.score || a.name.length - b.name.length || (a.name < b.name ? -1 : 1))
    .slice(0, max)
    .map((s) => s.name);
}
