// Preloaded (`node --require`) into a command under measurement: as the process exits, writes
// its peak resident set (VmHWM from /proc/self/status, in kB) to $RECALL_BENCH_PEAK_FILE. Reading
// it from inside is the one way to get one child's own peak: /usr/bin/time would add a process
// around the command, and the parent's getrusage(RUSAGE_CHILDREN) is the peak of all children.
const { readFileSync, writeFileSync } = require('node:fs');

const out = process.env.RECALL_BENCH_PEAK_FILE;
if (out) {
  process.on('exit', () => {
    const hwm = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    writeFileSync(out, hwm ? hwm[1] : '');
  });
}
