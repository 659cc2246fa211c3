// `recall optimize`: fits FSRS parameters to the user's review log, shows the held-out
// evaluation before and after, and applies the fit only if it predicts better. `--reset`
// returns to the defaults; `--retention` suggests a desired retention by simulation.
import { join, relative } from 'node:path';
import stringWidth from 'string-width';
import type { CommandContext } from '../app/commands.js';
import { openWorkspace } from '../app/workspace.js';
import { allItems, splitByTime, trainingSet, type TrainingSet } from '../core/optimizer-data.js';
import { RETENTIONS, simulateRetention, suggestRetention, type Estimate } from '../core/retention-sim.js';
import { UserError } from '../errors.js';
import { evaluateParameters, fitParameters } from '../store/fsrs-optimizer.js';
import { loadHistory } from '../store/history-cache.js';
import { validWeights } from '../store/scheduling-file.js';
import { formatDayKey, m } from '../i18n/index.js';
import { padEnd, padStart } from '../ui/stats/paint.js';

/** Below this many answers the optimizer returns the defaults: say so instead of pretending. */
export const MIN_REVIEWS = 1000;
/** The share of items, by time, used for training; the rest are held out. */
const TRAIN_SHARE = 0.75;

function spinner(label: string): { update: (text: string) => void; stop: () => void } {
  if (!process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const frames = '⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏';
  let i = 0;
  let text = '';
  const timer = setInterval(() => process.stderr.write(`\r${frames[i++ % frames.length]} ${label}${text}   `), 80);
  return {
    update: (t) => (text = t),
    stop: () => {
      clearInterval(timer);
      process.stderr.write('\r\x1b[2K');
    },
  };
}

const fmt = (x: number) => x.toFixed(4);

export interface Evaluation {
  reviews: number;
  trainItems: number;
  testItems: number;
  splitAt: number;
  defaults: { logLoss: number; rmse: number };
  fitted: { logLoss: number; rmse: number };
  trainWeights: number[];
}

/** Fits on the earlier items and evaluates both parameter sets on the later ones. */
export async function evaluateFit(set: TrainingSet, onProgress?: (done: number, total: number) => void): Promise<Evaluation> {
  const splitAt = set.itemAt[Math.floor(set.itemAt.length * TRAIN_SHARE)] ?? Infinity;
  const { train, test } = splitByTime(set, splitAt);
  const trainWeights = await fitParameters(train, onProgress);
  return {
    reviews: set.reviews,
    trainItems: train.to - train.from,
    testItems: test.to - test.from,
    splitAt,
    defaults: evaluateParameters(test),
    fitted: evaluateParameters(test, trainWeights),
    trainWeights,
  };
}

/** "459 ± 3": a simulated figure and its standard error. */
function withError(e: Estimate, digits: number): string {
  return `${e.mean.toFixed(digits)} ± ${e.se.toFixed(digits)}`;
}

/**
 * Rows of a table, its first column left-aligned after three spaces, the others right-aligned,
 * each at least `widths` wide and as wide as its widest cell, by display width (headings may be
 * Chinese).
 */
function alignColumns(rows: string[][], widths: number[]): string[] {
  const first = Math.max(...rows.map((r) => stringWidth(r[0]!)));
  const width = widths.map((w, j) => Math.max(w, ...rows.map((r) => stringWidth(r[j + 1]!))));
  return rows.map((r) => '   ' + padEnd(r[0]!, first) + r.slice(1).map((cell, j) => '  ' + padStart(cell, width[j]!)).join(''));
}

/** The held-out evaluation: a row per parameter set, the figures left-aligned under their names. */
function metricsTable(defaults: Evaluation['defaults'], fitted: Evaluation['fitted']): string[] {
  const names = [m.optimize.defaults, m.optimize.fitted];
  const label = Math.max(...names.map((n) => stringWidth(n)));
  const [lossName, rmseName] = m.optimize.metrics;
  const loss = Math.max(6, stringWidth(lossName));
  const row = (name: string, a: string, b: string) => ('  ' + padEnd(name, label) + '   ' + padEnd(a, loss) + '   ' + b).trimEnd();
  return [row('', lossName, rmseName), row(names[0]!, fmt(defaults.logLoss), fmt(defaults.rmse)), row(names[1]!, fmt(fitted.logLoss), fmt(fitted.rmse))];
}

export async function run({ paths, lang, values }: CommandContext<'optimize'>): Promise<number> {
  const ws = openWorkspace(paths, { decks: 'optional', lang });
  try {
    return await optimize(ws, values);
  } finally {
    ws.close();
  }
}

async function optimize(ws: ReturnType<typeof openWorkspace>, values: CommandContext<'optimize'>['values']): Promise<number> {
  const scheduling = ws.scheduling;
  const where = relative(process.cwd(), join(ws.paths.state, 'scheduling.json'));
  if (values.reset) {
    if (!scheduling.params) process.stdout.write(m.optimize.alreadyDefault + '\n');
    else {
      ws.saveScheduling({ ...scheduling, params: undefined });
      process.stdout.write(m.optimize.reset(formatDayKey(scheduling.params.fittedAt.slice(0, 10)), where) + '\n');
    }
    return 0;
  }
  const { settings } = ws;
  if (values.retention) {
    const cards = Math.min(500, Math.max(50, ws.collection.table.length));
    const spin = spinner(m.optimize.simulating);
    // One retention at a time, yielding between them, so the spinner keeps turning.
    const rows: ReturnType<typeof simulateRetention>[] = [];
    for (const [i, retention] of RETENTIONS.entries()) {
      spin.update(` (${i + 1}/${RETENTIONS.length})`);
      await new Promise((r) => setImmediate(r));
      rows.push(simulateRetention(settings, cards, retention));
    }
    const best = suggestRetention(rows);
    spin.stop();
    const params = scheduling.params ? m.optimize.yourParameters : m.optimize.defaultParameters;
    const cells = rows.map((r) => [r.retention.toFixed(2), withError(r.reviewsPerDay, 1), withError(r.minutesPerDay, 1), withError(r.remembered, 0), withError(r.costPerCard, 1)]);
    const table = alignColumns([m.optimize.columns, ...cells], [13, 13, 14, 16]);
    const lines = [
      m.optimize.simulation(cards, params),
      '',
      table[0]!,
      ...table.slice(1).map((line, i) => line + (rows[i] === best ? `   ${m.optimize.suggested}` : '')),
      '',
      m.optimize.explained(best.retention.toFixed(2), settings.retention),
    ];
    process.stdout.write(lines.join('\n') + '\n');
    return 0;
  }

  // The history's binary columns (state/cache/history.bin), not the log's JSON: a million
  // answers are 500 MB of JSON but 38 MB of columns.
  const history = loadHistory(ws.paths.state);
  for (const notice of history.notices) ws.notify(notice);
  const set = trainingSet(history.history, settings.rolloverHour);
  const { reviews } = set;
  if (reviews < MIN_REVIEWS || set.itemAt.length < 50) {
    process.stdout.write(m.optimize.notEnough(reviews, MIN_REVIEWS) + '\n');
    return 0;
  }

  const spin = spinner(m.optimize.fitting);
  let evaluation: Evaluation;
  let allWeights: number[];
  try {
    evaluation = await evaluateFit(set, (done, total) => spin.update(` (${Math.round((100 * done) / Math.max(1, total))}%)`));
    allWeights = await fitParameters(allItems(set));
  } finally {
    spin.stop();
  }
  const { defaults, fitted } = evaluation;
  const better = fitted.logLoss < defaults.logLoss;
  const day = (ms: number) => formatDayKey(new Date(ms).toISOString().slice(0, 10));
  process.stdout.write(
    [
      m.optimize.split(reviews, set.cards, evaluation.trainItems, day(evaluation.splitAt), evaluation.testItems),
      '',
      ...metricsTable(defaults, fitted),
      '',
      m.optimize.lowerIsBetter,
      '',
    ].join('\n'),
  );
  if (!better && !values.force) {
    process.stdout.write(m.optimize.notBetter + '\n');
    return 0;
  }
  if (!validWeights(allWeights)) throw new UserError(m.optimize.badCount((allWeights as number[]).length));
  ws.saveScheduling({
    ...scheduling,
    params: { w: allWeights, fittedAt: new Date().toISOString(), reviews, logLoss: fitted.logLoss, rmse: fitted.rmse, defaultLogLoss: defaults.logLoss, defaultRmse: defaults.rmse },
  });
  process.stdout.write(m.optimize.applied(!better, reviews, where) + '\n');
  return 0;
}
