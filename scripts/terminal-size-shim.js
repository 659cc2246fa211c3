// Stands in for terminal-size, which Ink calls only when stdout has no column count (a pipe)
// and which loads child_process at start-up to spawn `tput` in that case. `recall review` runs
// only on a terminal, where stdout knows its size.
export default function terminalSize() {
  return { columns: process.stdout.columns || 80, rows: process.stdout.rows || 24 };
}
