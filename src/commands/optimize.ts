// `recall optimize`: fits FSRS parameters to the user's review log, shows the held-out
// evaluation before and after, and applies the fit only if it predicts better. `--reset`
// returns to the defaults; `--retention` suggests a desired retention by simulation.
import { join, relative } from 'node:path';
import type { CommandContext } from '../app/commands.js';
import { openWorkspace } from '../app/workspace.js';
import { answersByCard, countAnswers, splitByTime, toItems, type ItemSpec } from '../core/optimizer-data.js';
import { RETENTIONS, simulateRetention, suggestRetention, type Estimate } from '../core/retention-sim.js';
import { UserError } from '../errors.js';
import { evaluateParameters, fitParameters } from '../store/fsrs-optimizer.js';
import { loadHistory } from '../store/history-cache.js';
import { validWeights } from '../store/scheduling-file.js';

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
const num = (n: number) => n.toLocaleString('en-US');

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
export async function evaluateFit(items: ItemSpec[], reviews: number, onProgress?: (done: number, total: number) => void): Promise<Evaluation> {
  const splitAt = items[Math.floor(items.length * TRAIN_SHARE)]?.at ?? Infinity;
  const { train, test } = splitByTime(items, splitAt);
  const trainWeights = await fitParameters(train, onProgress);
  return {
    reviews,
    trainItems: train.length,
    testItems: test.length,
    splitAt,
    defaults: evaluateParameters(test),
    fitted: evaluateParameters(test, trainWeights),
    trainWeights,
  };
}

/** "459 ± 3": a simulated figure and its standard error. */
function withError(e: Estimate, digits: number, width: number): string {
  const text = `${e.mean.toFixed(digits)} ± ${e.se.toFixed(digits)}`;
  return text.padStart(width);
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
    if (!scheduling.params) process.stdout.write('Already on the default FSRS parameters.\n');
    else {
      ws.saveScheduling({ ...scheduling, params: undefined });
      process.stdout.write(`Back to the default FSRS parameters (the fitted ones of ${scheduling.params.fittedAt.slice(0, 10)} are removed from ${where}).\n`);
    }
    return 0;
  }
  const { settings } = ws;
  if (values.retention) {
    const cards = Math.min(500, Math.max(50, ws.collection.cards.length));
    const spin = spinner('Simulating a year of reviews at each retention');
    // One retention at a time, yielding between them, so the spinner keeps turning.
    const rows = [];
    for (const [i, retention] of RETENTIONS.entries()) {
      spin.update(` (${i + 1}/${RETENTIONS.length})`);
      await new Promise((r) => setImmediate(r));
      rows.push(simulateRetention(settings, cards, retention));
    }
    const best = suggestRetention(rows);
    spin.stop();
    const params = scheduling.params ? 'your fitted FSRS parameters' : 'the default FSRS parameters (run recall optimize first to use your own)';
    const lines = [
      `A year of daily reviews of ${cards} cards, simulated with ${params} for 24 learners (mean ± standard error):`,
      '',
      ' retention    reviews/day    minutes/day      remembered   seconds per card remembered',
      ...rows.map(
        (r) =>
          `   ${r.retention.toFixed(2)}  ${withError(r.reviewsPerDay, 1, 13)}  ${withError(r.minutesPerDay, 1, 13)}  ${withError(r.remembered, 0, 14)}  ${withError(r.costPerCard, 1, 16)}${r === best ? '   ← suggested' : ''}`,
      ),
      '',
      `"seconds per card remembered" is the review time spent (a forgotten card costs about three times a recalled one) divided by the cards you would recall on a day of the second half of the year (every card learned by then): the lower, the more memory each minute buys. ${best.retention.toFixed(2)} is the highest retention whose cost is within the simulation's noise of the least, so it buys the most certainty for the time; a higher one buys more certainty on the day of an interview for more minutes a day. Your current desired retention is ${settings.retention}; set "retention" in recall.config.json to change it.`,
    ];
    process.stdout.write(lines.join('\n') + '\n');
    return 0;
  }

  // The history's binary columns (state/cache/history.bin), not the log's JSON: a million
  // answers are 500 MB of JSON but 38 MB of columns.
  const history = loadHistory(ws.paths.state);
  for (const notice of history.notices) ws.notify(notice);
  const byCard = answersByCard(history.history);
  const reviews = countAnswers(byCard);
  const items = toItems(byCard, settings.rolloverHour);
  if (reviews < MIN_REVIEWS || items.length < 50) {
    process.stdout.write(
      `Not enough reviews to fit parameters yet: ${num(reviews)} answers in the log, and the optimizer needs about ${num(MIN_REVIEWS)} ` +
        `(a few thousand is better) spread over several days. Below that it cannot beat the defaults, which stay in use.\n`,
    );
    return 0;
  }

  const spin = spinner('Fitting FSRS parameters to your reviews');
  let evaluation: Evaluation;
  let allWeights: number[];
  try {
    evaluation = await evaluateFit(items, reviews, (done, total) => spin.update(` (${Math.round((100 * done) / Math.max(1, total))}%)`));
    allWeights = await fitParameters(items);
  } finally {
    spin.stop();
  }
  const { defaults, fitted } = evaluation;
  const better = fitted.logLoss < defaults.logLoss;
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  process.stdout.write(
    [
      `${num(reviews)} answers of ${num(byCard.size)} cards. Trained on the ${num(evaluation.trainItems)} reviews before ${day(evaluation.splitAt)}, tested on the ${num(evaluation.testItems)} after (a time-ordered split: the test reviews are ones the fit never saw).`,
      '',
      '             log loss     RMSE',
      `  defaults   ${fmt(defaults.logLoss)}     ${fmt(defaults.rmse)}`,
      `  fitted     ${fmt(fitted.logLoss)}     ${fmt(fitted.rmse)}`,
      '',
      'Lower is better: log loss scores each predicted probability of recall against what happened; RMSE compares predicted and actual recall rates.',
      '',
    ].join('\n'),
  );
  if (!better && !values.force) {
    process.stdout.write('The fitted parameters predict your held-out reviews no better than the defaults: kept the defaults (--force applies them anyway).\n');
    return 0;
  }
  if (!validWeights(allWeights)) throw new UserError(`the optimizer returned ${(allWeights as number[]).length} parameters, not 21; nothing was changed`);
  ws.saveScheduling({
    ...scheduling,
    params: { w: allWeights, fittedAt: new Date().toISOString(), reviews, logLoss: fitted.logLoss, rmse: fitted.rmse, defaultLogLoss: defaults.logLoss, defaultRmse: defaults.rmse },
  });
  process.stdout.write(
    `${better ? 'Applied' : 'Applied (--force)'}: parameters fitted on all ${num(reviews)} answers now schedule your reviews (saved in ${where}; 'recall optimize --reset' returns to the defaults).\n`,
  );
  return 0;
}
