// The .apkg and text exports hold what current Anki reads (ankitects/anki rslib): one note type
// whose reverse card is optional, scheduling fields as Anki encodes them, days counted from the
// exporter's local rollover, note GUIDs and `mod` from inputs that survive edits and re-exports.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { CardRecord, LogEvent, ReviewEvent } from '../src/core/events.js';
import { parseDeck } from '../src/core/parse-deck.js';
import { planReattach, sketchOf } from '../src/core/reattach.js';
import type { Card, Grade } from '../src/core/types.js';
import { NOTE_TYPES, STABLE_NOTE_MOD_SECS, dayNumber, firstIdsOfHistory, toAnkiNotes } from '../src/export/anki-notes.js';
import { ankiText, stockLanguage } from '../src/export/anki-text.js';
import { buildApkg, historyIdentity, type ApkgInput } from '../src/export/apkg.js';
import { loadSqlJs } from '../src/import/sql-js.js';
import { loadCollection } from '../src/store/deck-files.js';
import { readLog } from '../src/store/review-log.js';
import { testPolicy } from './anki-packages.js';
import { DAY, FakeClock, HOUR, MINUTE, openSession, writeDecks } from './helpers.js';
import { runCli } from './pty.js';

interface SqlDb {
  exec(sql: string): { columns: string[]; values: unknown[][] }[];
  close(): void;
}

async function open(bytes: Uint8Array) {
  const files = unzipSync(bytes);
  const name = Object.keys(files).find((f) => f.startsWith('collection.'))!;
  const SQL = await loadSqlJs();
  const db = new (SQL as unknown as { Database: new (data: Uint8Array) => SqlDb }).Database(files[name]!);
  const rows = (sql: string) => {
    const [r] = db.exec(sql);
    return r ? r.values.map((v) => Object.fromEntries(r.columns.map((c, i) => [c, v[i]]))) : [];
  };
  const result = { name, rows, integrity: rows('pragma integrity_check'), col: rows('select * from col')[0]!, notes: rows('select * from notes order by id'), cards: rows('select * from cards order by id'), revlog: rows('select * from revlog order by id') };
  db.close();
  return result;
}

const cards = (text: string, file = 'deck.md') => parseDeck(file, text).cards;
const policy = testPolicy();

/** Answers given to one card, as the review log holds them, and the card's progress after them. */
function answers(card: string, list: [at: number, grade: Grade][]): { events: ReviewEvent[]; record: CardRecord } {
  let current: CardRecord | undefined;
  const events: ReviewEvent[] = [];
  for (const [at, grade] of list) {
    const after = policy.answer({ id: card }, current, at, grade);
    events.push({ id: `${at}-${card}`, type: 'review', at, card, grade, ms: 4000, before: current ?? null, after });
    current = after;
  }
  return { events, record: current! };
}

const BEIJING = { rolloverHour: 4, minutesWest: -480 };

describe('note types and identity', () => {
  it('adding or removing a reverse changes a field of the same note, never its type or GUID', async () => {
    const before = await open((await buildApkg({ cards: cards('- Alignment tax :: the drop after RLHF\n'), now: Date.now() })).bytes);
    const after = await open((await buildApkg({ cards: cards('- Alignment tax ::: the drop after RLHF\n'), now: Date.now() })).bytes);
    expect(after.notes[0]!.guid).toBe(before.notes[0]!.guid);
    expect(after.notes[0]!.mid).toBe(before.notes[0]!.mid);
    expect(after.notes[0]!.mid).toBe(NOTE_TYPES.basic.id);
    expect(String(before.notes[0]!.flds).split('\x1f')[3]).toBe('');
    expect(String(after.notes[0]!.flds).split('\x1f')[3]).toBe('y');
    expect(before.cards.map((c) => c.ord)).toEqual([0]);
    expect(after.cards.map((c) => c.ord)).toEqual([0, 1]);
    // The reverse template asks for the field, so Anki makes the second card only when it is filled.
    const model = JSON.parse(String(after.col.models))[NOTE_TYPES.basic.id];
    expect(model.tmpls[1].qfmt).toMatch(/^\{\{#Add Reverse\}\}.*\{\{\/Add Reverse\}\}$/);
    expect(model.req).toEqual([[0, 'any', [0, 2]], [1, 'all', [3]]]);
  });

  it('takes the note identity as an input: the first id of a history survives an edited front', async () => {
    const old = cards('## What is RLHF?\nReinforcement learning from human feedback.\n')[0]!;
    const edited = cards('## What is RLHF exactly?\nReinforcement learning from human feedback.\n');
    // The review session moved the history to the edited card.
    const events: LogEvent[] = [...answers(old.id, [[Date.now() - DAY, 3]]).events, { id: 'm', type: 'move', at: Date.now(), card: old.id, to: edited[0]!.id }];
    expect(toAnkiNotes(edited)[0]!.guid).toBe(`recall-${edited[0]!.id}`);
    expect(toAnkiNotes(edited, { noteIdentity: firstIdsOfHistory(events) })[0]!.guid).toBe(`recall-${old.id}`);
    // Before any session: the re-attachment it would make, as planned from the progress.
    const { record } = answers(old.id, [[Date.now() - DAY, 3]]);
    const plan = planReattach({ cards: edited, byId: new Map(edited.map((c) => [c.id, c])) }, new Map([[old.id, { ...record, file: 'deck.md', sk: sketchOf(old) }]]));
    const pending = plan.moves.map((m) => [m.from, m.to.id] as [string, string]);
    const apkg = await open((await buildApkg({ cards: edited, now: Date.now(), noteIdentity: firstIdsOfHistory([], pending) })).bytes);
    expect(apkg.notes[0]!.guid).toBe(`recall-${old.id}`);
    // A record the caller already moved to the edited card (in memory, not logged) brings its
    // logged answers with it: they are found by its last answer's time.
    const history = answers(old.id, [[Date.now() - DAY, 3]]);
    const moved = await open((await buildApkg({ cards: edited, now: Date.now(), progress: { records: new Map([[edited[0]!.id, history.record]]), events: history.events, retention: 0.9 } })).bytes);
    expect(moved.revlog).toMatchObject([{ cid: moved.cards[0]!.id, ease: 3 }]);
    expect(toAnkiNotes(edited, { noteIdentity: historyIdentity(edited, { records: new Map([[edited[0]!.id, history.record]]), events: history.events }) })[0]!.guid).toBe(`recall-${old.id}`);
    // historyIdentity does both from the state: logged moves and the ones a session would make.
    const records = new Map([[old.id, { ...record, file: 'deck.md', sk: sketchOf(old) }]]);
    expect(toAnkiNotes(edited, { noteIdentity: historyIdentity(edited, { records, events: [] }) })[0]!.guid).toBe(`recall-${old.id}`);
    expect(toAnkiNotes(edited, { noteIdentity: historyIdentity(edited, { records: new Map(), events }) })[0]!.guid).toBe(`recall-${old.id}`);
  });

  it("a pinned id travels in the note as the deck format's own comment, hidden from Anki's sort field", async () => {
    const apkg = await open((await buildApkg({ cards: cards('## Pinned?\n<!-- id: my-pin -->\nyes\n'), now: Date.now() })).bytes);
    expect(String(apkg.notes[0]!.flds).split('\x1f')[0]).toBe('Pinned?<!-- id: my-pin -->');
    expect(apkg.notes[0]!.sfld).toBe('Pinned?');
    expect(apkg.notes[0]!.guid).toBe('recall-my-pin');
  });
});

describe('note mod times', () => {
  it('are stable across exports by default and come from the input when given', async () => {
    const deck = cards('## A?\nx\n\n## B?\ny\n');
    const first = await open((await buildApkg({ cards: deck, now: Date.now() - DAY })).bytes);
    const second = await open((await buildApkg({ cards: deck, now: Date.now() })).bytes);
    expect(first.notes.map((n) => n.mod)).toEqual([STABLE_NOTE_MOD_SECS, STABLE_NOTE_MOD_SECS]);
    expect(second.notes.map((n) => [n.guid, n.mod, n.flds])).toEqual(first.notes.map((n) => [n.guid, n.mod, n.flds]));
    const edit = Date.UTC(2026, 0, 2, 3, 4, 5);
    const given = await open((await buildApkg({ cards: deck, now: Date.now(), noteModified: (c: Card) => (c.front === 'B?' ? edit : undefined) })).bytes);
    expect(given.notes.map((n) => n.mod)).toEqual([STABLE_NOTE_MOD_SECS, edit / 1000]);
  });
});

describe('scheduling as current Anki reads it', () => {
  const deck = cards('## Learning?\na\n\n## Relearning?\nb\n\n## Review?\nc\n\n## Fresh?\nd\n');
  const [learning, relearning, review] = deck as [Card, Card, Card];
  const now = Date.UTC(2026, 2, 10, 12, 0, 0);
  const learn = answers(learning.id, [[now - 30 * MINUTE, 1], [now - 29 * MINUTE, 3]]);
  const relearn = answers(relearning.id, [[now - 10 * DAY, 3], [now - 9 * DAY, 3], [now - 2 * HOUR, 1]]);
  const reviewed = answers(review.id, [[now - 3 * DAY, 3], [now - 3 * DAY + 10 * MINUTE, 3]]);
  const input = (): ApkgInput => ({
    cards: deck,
    now,
    day: BEIJING,
    progress: {
      records: new Map([[learning.id, learn.record], [relearning.id, relearn.record], [review.id, reviewed.record]]),
      events: [...learn.events, ...relearn.events, ...reviewed.events].sort((a, b) => a.at - b.at),
      retention: 0.9,
    },
  });

  it('marks the package as the v2 scheduler, with the rollover and time zone it was made in', async () => {
    const apkg = await open((await buildApkg(input())).bytes);
    expect(apkg.name).toBe('collection.anki21');
    expect(JSON.parse(String(apkg.col.conf))).toMatchObject({ schedVer: 2, rollover: 4, creationOffset: -480 });
    // crt is the start of a day: 4 am in Beijing is 20:00 UTC.
    expect(Number(apkg.col.crt) % 86_400).toBe(20 * 3600);
    const dconf = JSON.parse(String(apkg.col.dconf))['1'];
    expect(dconf).toMatchObject({ new: { delays: [1, 10], perDay: 20 }, lapse: { delays: [10], leechFails: 8 }, desiredRetention: 0.9 });
  });

  it("encodes a learning card's remaining steps in `left`, and due dates in the exporter's days", async () => {
    const apkg = await open((await buildApkg(input())).bytes);
    const byOrd = apkg.cards;
    const [l, r, v, n] = byOrd as Record<string, number>[];
    expect(learn.record).toMatchObject({ st: 1, ls: 1 });
    expect(l).toMatchObject({ type: 1, queue: 1, left: 1, due: Math.floor(learn.record.due / 1000), factor: 0 });
    expect(relearn.record).toMatchObject({ st: 3, ls: 0 });
    expect(r).toMatchObject({ type: 3, queue: 1, left: 1, due: Math.floor(relearn.record.due / 1000), lapses: 1 });
    expect(n).toMatchObject({ type: 0, queue: 0, left: 0 });
    // A review card is due on the day (from 4 am Beijing time) that holds its due time.
    expect(v).toMatchObject({ type: 2, queue: 2, ivl: reviewed.record.sd });
    const crt = Number(apkg.col.crt) * 1000;
    expect(crt + v!.due! * DAY).toBeLessThanOrEqual(reviewed.record.due);
    expect(crt + (v!.due! + 1) * DAY).toBeGreaterThan(reviewed.record.due);
    expect(v!.due).toBe(dayNumber(reviewed.record.due, BEIJING) - dayNumber(crt, BEIJING));
    // A deck's own retention goes with its cards.
    const own = await open((await buildApkg({ ...input(), progress: { ...input().progress!, retention: (c: Card) => (c.id === review.id ? 0.85 : 0.9) } })).bytes);
    expect(JSON.parse(String(own.cards[2]!.data)).dr).toBe(0.85);
    expect(JSON.parse(String(own.cards[0]!.data)).dr).toBe(0.9);
    // FSRS memory as rslib/src/storage/card/data.rs reads it, rounded as Anki rounds it.
    expect(JSON.parse(String(v!.data))).toEqual({
      s: Math.round(reviewed.record.s * 1e4) / 1e4,
      d: Math.round(reviewed.record.d * 1e3) / 1e3,
      dr: 0.9,
      decay: 0.154,
      lrt: Math.floor(reviewed.record.lrt! / 1000),
    });
  });

  it('logs the interval each answer was scheduled with, also for a learning card answered late', async () => {
    // Answered Again, then Good 29 minutes later (the 1-minute step was long overdue).
    const apkg = await open((await buildApkg(input())).bytes);
    const rows = apkg.revlog.filter((r) => r.cid === apkg.cards[0]!.id);
    expect(rows.map((r) => [r.ease, r.type, r.lastIvl, r.ivl])).toEqual([
      [1, 0, 0, -60],
      [3, 0, -60, -600],
    ]);
    // The lapse: a review answered Again, its last interval in days; then relearning.
    const lapse = apkg.revlog.filter((r) => r.cid === apkg.cards[1]!.id).at(-1)!;
    expect(lapse).toMatchObject({ ease: 1, type: 1, ivl: -600 });
    expect(Number(lapse.lastIvl)).toBeGreaterThan(0);
    // FSRS difficulty in `factor`, shifted to 100-1100 as Anki logs it.
    expect(rows[1]!.factor).toBe(Math.round(((learn.record.d - 1) / 9 + 0.1) * 1000));
  });
});

describe('an export right after an edit', () => {
  it("keeps the edited card's progress and review log, as the next session would", async () => {
    const decks = writeDecks({ 'llm.md': '## What does RLHF stand for?\nReinforcement learning from human feedback, a fine-tuning method.\n' });
    const cwd = dirname(decks);
    const state = join(cwd, 'state');
    const clock = new FakeClock(Date.now() - 2 * DAY);
    const s = openSession(decks, state, clock);
    s.review.answer(3);
    s.close();
    writeFileSync(join(decks, 'llm.md'), '## What does RLHF stand for, exactly?\nReinforcement learning from human feedback, a fine-tuning method.\n');
    expect(runCli(['export', '--decks', decks, '--state', state, '--format', 'apkg', '--with-progress', '--out', 'p.apkg'], { cwd }).code).toBe(0);
    const apkg = await open(new Uint8Array(readFileSync(join(cwd, 'p.apkg'))));
    expect(apkg.cards).toMatchObject([{ type: 1, reps: 1 }]);
    expect(apkg.revlog).toMatchObject([{ cid: apkg.cards[0]!.id, ease: 3 }]);
    // Nothing was written to the state by the export.
    expect(readLog(join(state, 'reviews.jsonl')).events.map((e) => e.type)).toEqual(['review']);
    expect(loadCollection(decks).cards).toHaveLength(1);
  });
});

describe('the text export', () => {
  const deck = cards('# Sizes\n\nGPT-3 has {{c1::175B}} parameters.\n\n- Alignment tax ::: the drop after RLHF\n');

  it("names Anki's stock types in the collection's language", () => {
    const zh = ankiText(deck, { language: 'zh-CN' }).text.split('\n').filter((l) => !l.startsWith('#') && l);
    expect(zh.map((l) => l.split('\t')[1])).toEqual(['填空题', '问答题（同时生成翻转的卡片<可选>）']);
    const en = ankiText(deck).text.split('\n').filter((l) => !l.startsWith('#') && l);
    expect(en.map((l) => l.split('\t')[1])).toEqual(['Cloze', 'Basic (optional reversed card)']);
    expect(['zh_CN.UTF-8', 'zh_TW.UTF-8', 'zh-Hant-HK', 'ja_JP', 'ko_KR.UTF-8', 'en_US.UTF-8', 'C', undefined].map(stockLanguage)).toEqual(['zh-CN', 'zh-TW', 'zh-TW', 'ja', 'ko', 'en', 'en', 'en']);
  });
});

describe('an export of a long history, read from the log file as it streams past', () => {
  it('keeps every answer that stands, under the card it belongs to now, read in any shape the log holds it', async () => {
    const original = '## Learning?\na\n\n## Undone?\nb\n\n## Moved here?\nc\n\n## Will be edited?\nd\n\n## Drilled?\ne\n';
    const decks = writeDecks({ 'deck.md': original.replace('Will be edited?', 'Will be edited, now?') });
    const cwd = dirname(decks);
    const state = join(cwd, 'state');
    const [learning, undone, moved, edited, drilled] = cards(original);
    const t0 = Date.now() - 30 * DAY;
    const records = new Map<string, CardRecord | undefined>();
    const lines: string[] = [];
    let n = 0;
    const review = (card: Card | string, at: number, grade: Grade, extra: object = {}) => {
      const id = typeof card === 'string' ? card : card.id;
      const before = records.get(id) ?? null;
      const after = policy.answer({ id, file: 'deck.md' }, before ?? undefined, at, grade);
      records.set(id, after);
      const event = { id: `e${n++}`, type: 'review', at, card: id, grade, ms: 4000, before, after, file: 'deck.md', sk: typeof card === 'string' ? 'b:00' : sketchOf(card), ...extra };
      lines.push(JSON.stringify(event));
      return event;
    };
    review(learning!, t0, 1);
    review(learning!, t0 + MINUTE, 3);
    const gone = review(undone!, t0 + 2 * MINUTE, 4);
    lines.push(JSON.stringify({ id: `e${n++}`, type: 'undo', at: t0 + 3 * MINUTE, card: undone!.id, of: gone.id, restore: null }));
    records.delete(undone!.id);
    review(undone!, t0 + 4 * MINUTE, 3);
    review('old-id', t0 + DAY, 3);
    lines.push(JSON.stringify({ id: `e${n++}`, type: 'move', at: t0 + DAY + 1, card: 'old-id', to: moved!.id }));
    records.set(moved!.id, records.get('old-id'));
    review(moved!, t0 + 3 * DAY, 3);
    review(edited!, t0 + 2 * DAY, 3);
    review(drilled!, t0 + 4 * DAY, 3, { mode: 'drill', session: 'd' });
    lines.push(JSON.stringify({ id: `e${n++}`, type: 'cram', at: t0 + 4 * DAY + 1, card: drilled!.id, grade: 2, ms: 900, session: 'c' }));
    lines.push(lines.at(-2)!); // the drill answer merged in twice
    const late = review(learning!, t0 + 5 * DAY, 3);
    // An answer from another device merged in out of time order, written in another key order.
    const merged = { ...review(edited!, t0 + 2 * DAY, 2) };
    lines.pop();
    lines.push(JSON.stringify(Object.fromEntries(Object.entries(merged).reverse())));
    lines.push('{"id":"cut","type":"review","at":');
    mkdirSync(state, { recursive: true });
    writeFileSync(join(state, 'reviews.jsonl'), lines.join('\n') + '\n');

    expect(runCli(['export', '--decks', decks, '--state', state, '--format', 'apkg', '--with-progress', '--out', 'p.apkg'], { cwd }).code).toBe(0);
    const apkg = await open(new Uint8Array(readFileSync(join(cwd, 'p.apkg'))));
    expect(apkg.integrity).toEqual([{ integrity_check: 'ok' }]);
    const cid = (i: number) => apkg.cards[i]!.id;
    const rows = (i: number) => apkg.revlog.filter((r) => r.cid === cid(i)).map((r) => [r.id, r.ease]);
    expect(rows(0)).toEqual([[t0, 1], [t0 + MINUTE, 3], [late.at, 3]]);
    // The undone answer is gone; the one after it stands.
    expect(rows(1)).toEqual([[t0 + 4 * MINUTE, 3]]);
    // A moved history, and an edited card's history the next session will move.
    expect(rows(2)).toEqual([[t0 + DAY, 3], [t0 + 3 * DAY, 3]]);
    expect(rows(3)).toEqual([[t0 + 2 * DAY, 3], [t0 + 2 * DAY + 1, 2]]);
    // A drill answer is a review (merged twice: twice, as the log holds it); a cram answer is not.
    expect(rows(4)).toEqual([[t0 + 4 * DAY, 3], [t0 + 4 * DAY + 1, 3]]);
    expect(apkg.revlog).toHaveLength(10);
  });
});
