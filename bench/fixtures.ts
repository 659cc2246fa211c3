// Generated decks and review histories for the benchmarks. The history is made by the real
// scheduler (each review answers what FSRS scheduled), so the state looks like a real user's.
import { rng } from '../src/core/random.js';
import { mkdirSync, openSync, writeSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CardRecord, LogEvent } from '../src/core/events.js';
import { Policy } from '../src/core/policy.js';
import { DEFAULT_SETTINGS } from '../src/core/settings.js';
import { sketchOf } from '../src/core/reattach.js';
import type { Grade } from '../src/core/types.js';
import { loadCollection } from '../src/store/deck-files.js';
import { saveSnapshot } from '../src/store/state.js';

/** Notes per file; cloze notes make two cards, so files hold about 1,200 cards. */
const CARDS_PER_FILE = 1000;
const TOPICS = ['attention', 'tokenizer', 'RLHF', 'LoRA', 'KV cache', 'beam search', 'perplexity', 'instruction tuning', '对齐税', '思维链'];

/** A deterministic pseudo-random generator, so every run measures the same fixture. */
export { rng };

function card(i: number): string {
  const topic = TOPICS[i % TOPICS.length];
  switch (i % 10) {
    case 0:
    case 1:
      return `Generated fact ${i} about ${topic}: the value is {{c1::${i * 7}}} and the unit is {{c2::unit-${i % 13}}}.\n`;
    case 2:
      return `- Generated term ${i} (${topic}) :: the definition of term ${i}, which mentions \`code_${i}\` and **bold** text\n`;
    default:
      return `## Generated question ${i}: why does ${topic} behave this way?\nBecause of reason ${i}: a paragraph of about one line with *emphasis*, \`inline code\` and a number ${i * 3}.\n\n- point one for ${i}\n- point two for ${i}\n`;
  }
}

export function writeDecks(dir: string, cards: number): void {
  rmSync(dir, { recursive: true, force: true });
  for (let f = 0; f * CARDS_PER_FILE < cards; f++) {
    const folder = join(dir, `topic-${f % 10}`);
    mkdirSync(folder, { recursive: true });
    const parts = [`---\ntags: [generated, topic-${f % 10}]\ndescription: "Generated deck ${f}"\n---\n\n# Section ${f}\n`];
    // Loose cards (cloze paragraphs, one-liners) open each part: after a "##" card they would
    // belong to its back.
    for (let start = f * CARDS_PER_FILE; start < Math.min(cards, (f + 1) * CARDS_PER_FILE); start += 10) {
      parts.push(`\n# Part ${start / 10}\n`);
      const group = Array.from({ length: Math.min(10, cards - start) }, (_, k) => start + k);
      for (const i of [...group.filter((i) => i % 10 < 3), ...group.filter((i) => i % 10 >= 3)]) parts.push('\n' + card(i));
    }
    writeFileSync(join(folder, `deck-${f}.md`), parts.join(''));
  }
}

/**
 * Reviews `reviews` answers spread over the past year, card by card, as FSRS scheduled them;
 * writes the log and the snapshot the way a real session leaves them.
 */
export function writeHistory(decksDir: string, stateDir: string, reviews: number, now: number): void {
  rmSync(stateDir, { recursive: true, force: true });
  mkdirSync(stateDir, { recursive: true });
  const collection = loadCollection(decksDir);
  const policy = new Policy(DEFAULT_SETTINGS);
  const random = rng(42);
  const progress = new Map<string, CardRecord>();
  const perCard = 10;
  const studied = Math.min(collection.cards.length, Math.ceil(reviews / perCard));
  const fd = openSync(join(stateDir, 'reviews.jsonl'), 'w');
  let buffer: string[] = [];
  let bytes = 0;
  let lastId = '';
  let written = 0;
  const flush = () => {
    const chunk = buffer.join('');
    bytes += Buffer.byteLength(chunk);
    writeSync(fd, chunk);
    buffer = [];
  };
  const events: LogEvent[] = [];
  for (let c = 0; c < studied && written < reviews; c++) {
    const target = collection.cards[c]!;
    let at = now - 365 * 86_400_000 + Math.floor(random() * 200 * 86_400_000);
    let record: CardRecord | undefined;
    for (let r = 0; r < perCard && written < reviews && at < now; r++) {
      const grade = (random() < 0.12 ? 1 : random() < 0.1 ? 2 : random() < 0.9 ? 3 : 4) as Grade;
      const after = policy.answer(target, record, at, grade);
      const id = `${at.toString(36)}-${c.toString(36)}-${r}`;
      const event: LogEvent = { id, type: 'review', at, card: target.id, grade, ms: 3000 + Math.floor(random() * 9000), before: record ?? null, after, file: target.file, sk: sketchOf(target) };
      events.push(event);
      record = { ...after, file: target.file, sk: event.sk };
      at = Math.max(after.due, at + 60_000) + Math.floor(random() * 3_600_000);
      written++;
      lastId = id;
    }
    if (record) progress.set(target.id, record);
  }
  // The log is in time order, as a real one is.
  events.sort((a, b) => a.at - b.at);
  for (const e of events) {
    buffer.push(JSON.stringify(e) + '\n');
    lastId = e.id;
    if (buffer.length >= 10_000) flush();
  }
  flush();
  closeSync(fd);
  const maxAt = events.length ? events[events.length - 1]!.at : 0;
  saveSnapshot({ snapshotPath: join(stateDir, 'progress.json'), progress, log: { bytes, lastId, maxAt } });
}

/**
 * The start of the current review day (local time, the default rollover hour): a generated
 * history ends there, so a fixture has the same cards due whatever the day and hour of the run
 * (recall reads the real clock; a history ending on a fixed date would fall further behind every
 * day). The fixture is made again when the review day changes.
 */
export function reviewDayStart(now: number, rolloverHour = DEFAULT_SETTINGS.rolloverHour): number {
  const day = new Date(now);
  day.setHours(rolloverHour, 0, 0, 0);
  if (day.getTime() > now) day.setDate(day.getDate() - 1);
  return day.getTime();
}

/**
 * Markdown notes as `recall import` takes them: question headings with a section under them,
 * `**Term**: definition` lines and paragraphs with bold key phrases. The first question of each
 * note repeats a card of the generated decks (one of the first 1,000 cards, so at every size),
 * so the duplicate check has something to find.
 */
export function writeNotes(dir: string, notes: number): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (let n = 0; n < notes; n++) {
    const topic = TOPICS[n % TOPICS.length]!;
    const parts = [`# Notes on ${topic}, part ${n}\n`];
    for (let q = 0; q < 8; q++) {
      const i = n * 8 + q;
      const question = q === 0 ? `Generated question ${n * 10 + 3}: why does ${TOPICS[3]} behave this way?` : `Note question ${i}: how does ${topic} change step ${q}?`;
      parts.push(`\n## ${question}\n\nIt changes because of effect ${i}, measured at ${i * 3} units.\n\n- first consequence of ${i}\n- second consequence of ${i}\n`);
    }
    parts.push(`\n**Term ${n}**: the name for the ${topic} effect in note ${n}.\n`);
    parts.push(`\nIn practice the **key phrase ${n}** decides how ${topic} scales, and the **second phrase ${n}** bounds it.\n`);
    writeFileSync(join(dir, `note-${String(n).padStart(3, '0')}.md`), parts.join(''));
  }
}

/**
 * A generated collection under root/name: `cards` cards (about; cloze notes make two) and
 * `reviews` answers ending at `now`. It is made again when any of these or `version` (a hash of
 * the generator and the recall code it uses) differ from the ones it was made with.
 */
export function ensureFixture(root: string, name: string, cards: number, reviews: number, now: number, version: string): { decks: string; state: string } {
  const base = join(root, name);
  const decks = join(base, 'decks');
  const state = join(base, 'state');
  const stampFile = join(base, 'fixture.json');
  const stamp = JSON.stringify({ cards, reviews, now, version });
  let made = '';
  try {
    made = readFileSync(stampFile, 'utf8');
  } catch {
    // Not made yet.
  }
  if (made !== stamp) {
    rmSync(base, { recursive: true, force: true });
    writeDecks(decks, cards);
    if (reviews > 0) writeHistory(decks, state, reviews, now);
    else mkdirSync(state, { recursive: true });
    writeFileSync(stampFile, stamp);
  }
  return { decks, state };
}
