// Writes the bench's tables as Markdown (bench/RESULTS.md for a full run).
import { writeFileSync } from 'node:fs';

const ms = (x) => (x === undefined || Number.isNaN(x) ? 'n/a' : x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : x >= 100 ? `${x.toFixed(0)} ms` : `${x.toFixed(1)} ms`);
const x2 = (s) => `${s.median.toFixed(2)}× (${s.p10.toFixed(2)}–${s.p90.toFixed(2)})`;
const range = (s) => `${ms(s.median)} (${ms(s.p10)}–${ms(s.p90)})`;
const mb = (x) => (x === undefined ? 'n/a' : `${x.toFixed(0)} MB`);
const table = (head, rows) => [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

export function writeReport(file, meta, results) {
  const c = results.check;
  const busiest = Math.max(meta.load.before[0], meta.load.after[0], meta.load.before[1], meta.load.after[1]);
  const parts = [
    '# Benchmark results',
    '',
    `${meta.mode} run of \`npm run bench\`, ${meta.date}, ${meta.minutes.toFixed(1)} minutes.`,
    '',
    ...(busiest > meta.cores / 2
      ? [`**The machine was busy** (load average up to ${busiest.toFixed(1)} on ${meta.cores} cores): other work competed with every run, so spreads are wide and medians high. Compare these numbers only with a run made under a similar load; take the numbers that matter on a quiet machine.`, '']
      : []),
    `- Machine: ${meta.cpu}; Linux ${meta.kernel}; Node ${meta.node}`,
    `- Commit: ${meta.commit}`,
    `- Load average (1, 5, 15 min) before: ${meta.load.before.map((l) => l.toFixed(2)).join(', ')}; after: ${meta.load.after.map((l) => l.toFixed(2)).join(', ')}`,
    `- Generated histories end at ${meta.fixtureNow} (the start of the review day of the run)`,
    `- Cold page cache: ${meta.evict}`,
    '',
    'Each start-up run is paired with a `node -e 0` (fork to exit) and the bare Ink floor (fork to its one line on screen) started just before it in the same way; ratios are run *i* of the case over run *i* of its baseline. Cells give the median and, in brackets, p10–p90. Times run from the fork of the process in a pseudo-terminal (100×40, no shell or wrapper) to the moment the text reaches the harness.',
  ];
  if (c && c.node) {
    parts.push(
      '',
      `## Harness check (${c.runs} runs each)`,
      '',
      table(['what', 'measured'], [
        ['`node -e 0` in the pty, fork to exit', range(c.node)],
        ['the same through child_process.spawn, no pty (stdio ignored)', range(c.plain)],
        ['pty harness overhead (pty minus no pty, paired)', range(c.ptyOverhead)],
        ['output written by the child → seen by the harness (CLOCK_MONOTONIC both sides)', range(c.delay)],
        ['`node -e \'process.stdout.write("ready")\'`: fork to first output / to exit', `${range(c.firstOutput)} / ${range(c.firstOutputExit)}`],
        ['memory probe (`--require bench/lib/peak-memory.cjs`) added to a command', range(c.probe)],
        ['A/A: `node -e 0` over the `node -e 0` just before it', x2(c.aa)],
        ['A/A: Ink floor over the Ink floor just before it', x2(c.floorAA)],
        ['Ink floor over `node -e 0`', `${x2(c.asIs.ratio)}: floor ${range(c.asIs.floor)}, node ${range(c.asIs.node)}`],
        ['the same with one more process keeping a core busy (drift check: the times move, the ratio should not)', `${x2(c.loaded.ratio)}: floor ${range(c.loaded.floor)}, node ${range(c.loaded.node)}`],
      ]),
    );
  }
  if (results.startup.length) {
    parts.push(
      '',
      `## First card on screen (\`recall\`, ${results.startup[0].runs} paired runs a row)`,
      '',
      'warm: caches built by a discarded first run. after a deck edit: one deck file rewritten with one card changed before each start. files touched: every deck and state file given a new time, bytes unchanged (a copy, sync or checkout). no state cache: `state/cache` deleted before each start (a first launch on a collection, or a checkout that changed file times). cold: no `state/cache`, no V8 code cache beside the bundles, and the bundles, decks and state dropped from the page cache.',
      '',
      table(['collection', 'condition', 'first card', '× node -e 0', '× Ink floor', 'node -e 0', 'Ink floor', 'peak RSS by then'], results.startup.map((r) => [r.size, r.condition, range(r.recall), x2(r.vsNode), x2(r.vsFloor), ms(r.node.median), ms(r.floor.median), mb(r.hwmMb)])),
    );
  }
  if (results.answers.length) {
    parts.push(
      '',
      '## Answer → next card',
      '',
      'Space reveals; the time runs from the `3` (Good) keypress to the next card on screen. The answer is written to the log before the next card is drawn and synced to disk meanwhile; an answer is taken only once the one before it is on disk, so a sync slower than the pause between answers shows in the next answer\'s time. Sessions of at most 250 answers (about a day\'s work at the default limits) run on fresh copies of the collection, each on disk (`sync`) before its session starts, until the count is reached; each session\'s first answer is in the figures and also shown apart.',
      '',
      table(['collection', 'answers (sessions)', 'p50', 'p95', 'p99', 'max', 'first answer of a session: median / max'], results.answers.map((r) => [r.size, `${r.answers} (${r.sessions})`, ms(r.p50), ms(r.p95), ms(r.p99), ms(r.max), `${ms(r.first.median)} / ${ms(r.first.max)}`])),
    );
  }
  if (results.commands.length) {
    // Grouped by command, so that a command's rows read as it scales.
    const order = [...new Set(results.commands.map((r) => r.command))];
    const commands = [...results.commands].sort((a, b) => order.indexOf(a.command) - order.indexOf(b.command));
    parts.push(
      '',
      '## Commands',
      '',
      'Fork to exit in the pty; warm: after one discarded run; files touched: every deck and state file given a new time before each run (a copy, sync or checkout); no state cache: `state/cache` deleted before each run. Peak RSS: the largest VmHWM of the runs. Each run is paired with a `node -e 0` started just before it.',
      '',
      table(['command', 'collection', 'condition', 'runs', 'wall', '× node -e 0', 'peak RSS'], commands.map((r) =>
        r.error
          ? [`\`recall ${r.command}\``, r.size, r.condition, String(r.runs), `**failed** after ${ms(r.error.afterMs)}: ${r.error.message.replace(/\|/g, '\\|')}`, '', '']
          : [`\`recall ${r.command}\``, r.size, r.condition, String(r.runs), range(r.wall), `${r.vsNode.median.toFixed(1)}×`, mb(r.peakMb)],
      )),
    );
  }
  if (results.ankiImport) {
    const a = results.ankiImport;
    parts.push('', '## Importing an Anki package', '', `\`recall import --yes\` of a package with ${a.notes.toLocaleString('en')} notes and ${a.reviews.toLocaleString('en')} review log rows into empty folders (deck files written, every answer replayed through FSRS into the log), ${a.runs} run(s): ${range(a.wall)}, peak memory ${mb(a.peakMb)} (target: 10 s).`);
  }
  if (results.hugeCard) {
    const h = results.hugeCard;
    parts.push('', '## A card with a 10 MB back', '', `A fresh state folder each run (the deck parsed as on a first launch), ${h.runs} runs: front on screen ${range(h.front)} after the fork, back on screen ${range(h.back)} after Space, peak memory ${mb(h.peakMb)} (targets: 300 ms, 200 MB). In process, the layout of its first 40 lines at 100 columns takes ${ms(h.layoutMs)}.`);
  }
  if (results.parser) {
    parts.push('', '## Deck parser', '', `Hostile text (cards, unclosed clozes, 10 kB lines, fences, CJK, CRLF), in process, median of 5: 1 MB ${ms(results.parser.small)}, 10 MB ${ms(results.parser.large)} (${(results.parser.large / results.parser.small).toFixed(1)}× for 10× the text).`);
  }
  writeFileSync(file, parts.join('\n') + '\n');
}
