// Generated decks and review histories for the benchmarks. The history is made by the real
// scheduler (each review answers what FSRS scheduled), so the state looks like a real user's.
import { rng } from '../src/core/random.js';
import { mkdirSync, openSync, writeSync, closeSync, existsSync, rmSync, writeFileSync } from 'node:fs';
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

export function ensureFixture(root: string, name: string, cards: number, reviews: number, now: number): { decks: string; state: string } {
  const base = join(root, name);
  const decks = join(base, 'decks');
  const state = join(base, 'state');
  const stamp = join(base, `ready-${cards}-${reviews}-${now}`);
  if (!existsSync(stamp)) {
    writeDecks(decks, cards);
    if (reviews > 0) writeHistory(decks, state, reviews, now);
    writeFileSync(stamp, '');
  }
  return { decks, state };
}
