// A large Anki package: 20,000 notes (Basic, reversed and Cloze, HTML fields as Anki's editor
// writes them) with 200,000 review log rows. `npm run bench` times `recall import` of it in a
// pseudo-terminal, to deck files and history (every answer replayed through FSRS). Target
// (issue 14): under 10 s.
import { zipSync, strToU8 } from 'fflate';
import { SCHEMA_11 } from '../src/export/apkg.js';
import { loadSqlJs } from '../src/import/sql-js.js';
import { rng } from './fixtures.js';

export const NOTES = 20_000;
export const REVIEWS = 200_000;
const DAY = 86_400_000;
const START = Date.UTC(2024, 0, 1, 8);

interface Stmt {
  run(params: unknown[]): void;
  free(): void;
}
interface Db {
  run(sql: string, params?: unknown[]): void;
  exec(sql: string): unknown;
  prepare(sql: string): Stmt;
  export(): Uint8Array;
  close(): void;
}

const MODELS = {
  1: { id: 1, name: 'Basic', type: 0, flds: [{ name: 'Front', ord: 0 }, { name: 'Back', ord: 1 }], tmpls: [{ name: 'Card 1', ord: 0, qfmt: '{{Front}}', afmt: '{{FrontSide}}<hr id=answer>{{Back}}' }] },
  2: {
    id: 2,
    name: 'Basic (and reversed card)',
    type: 0,
    flds: [{ name: 'Front', ord: 0 }, { name: 'Back', ord: 1 }],
    tmpls: [
      { name: 'Card 1', ord: 0, qfmt: '{{Front}}', afmt: '{{FrontSide}}<hr id=answer>{{Back}}' },
      { name: 'Card 2', ord: 1, qfmt: '{{Back}}', afmt: '{{FrontSide}}<hr id=answer>{{Front}}' },
    ],
  },
  3: { id: 3, name: 'Cloze', type: 1, flds: [{ name: 'Text', ord: 0 }, { name: 'Back Extra', ord: 1 }], tmpls: [{ name: 'Cloze', ord: 0, qfmt: '{{cloze:Text}}', afmt: '{{cloze:Text}}<br>{{Back Extra}}' }] },
};

/** A collection like a real one: 20 decks in a tree, fields with the HTML Anki's editor writes. */
export async function buildAnkiPackage(): Promise<Uint8Array> {
  const SQL = await loadSqlJs();
  const db = new (SQL as unknown as { Database: new () => Db }).Database();
  const random = rng(7);
  db.exec(SCHEMA_11);
  const decks: Record<number, { id: number; name: string }> = { 1: { id: 1, name: 'Default' } };
  for (let i = 0; i < 20; i++) decks[100 + i] = { id: 100 + i, name: `Interview::Topic ${i % 5}::Part ${i}` };
  db.run("insert into col values (1, ?, 0, 0, 11, 0, 0, 0, ?, ?, ?, '{}', '{}')", [START / 1000, JSON.stringify({ schedVer: 2 }), JSON.stringify(MODELS), JSON.stringify(decks)]);
  const note = db.prepare("insert into notes values (?, ?, ?, 0, 0, ?, ?, '', 0, 0, '')");
  const card = db.prepare("insert into cards values (?, ?, ?, ?, 0, 0, ?, ?, 0, 0, 2500, 0, 0, 0, 0, 0, 0, '')");
  const rev = db.prepare('insert into revlog values (?, ?, 0, ?, 1, 0, 2500, 6000, ?)');
  db.exec('begin');
  const cards: number[] = [];
  for (let n = 0; n < NOTES; n++) {
    const kind = n % 5 === 0 ? 3 : n % 5 === 1 ? 2 : 1;
    const id = 1_600_000_000_000 + n;
    const topic = `concept ${n}`;
    const fields =
      kind === 3
        ? [`<div>In ${topic}, the {{c1::attention weights}} come from <b>softmax</b>(QK<sup>T</sup>/√d) and {{c2::sum to one}}.</div>`, 'From the Transformer paper']
        : [`What is <b>${topic}</b>?`, `<div>It is the idea that ${topic} matters.</div><ul><li>first point about ${n}</li><li>second point, with <code>code_${n}()</code></li></ul><div>See also&nbsp;\\(x_${n}^2\\)</div>`];
    note.run([id, `g${n}`, kind, n % 7 === 0 ? ' tagged ' : '', fields.join('\x1f')]);
    const deck = 100 + (n % 20);
    const ords = kind === 2 ? [0, 1] : kind === 3 ? [0, 1] : [0];
    for (const ord of ords) {
      const cid = 1_700_000_000_000 + cards.length;
      cards.push(cid);
      card.run([cid, id, deck, ord, 2, 2]);
    }
  }
  // Each card's answers in time order: a learning pass, then reviews days apart, some lapses.
  const perCard = Math.floor(REVIEWS / cards.length);
  let left = REVIEWS;
  for (let i = 0; i < cards.length && left > 0; i++) {
    const count = Math.min(left, i === cards.length - 1 ? left : perCard + (random() < REVIEWS / cards.length - perCard ? 1 : 0));
    // Cards start 7 ms apart and move in whole minutes: no two answers share a millisecond.
    let at = START + i * 7;
    for (let k = 0; k < count; k++) {
      const ease = k === 0 ? 1 : random() < 0.1 ? 1 : random() < 0.15 ? 2 : random() < 0.9 ? 3 : 4;
      rev.run([at, cards[i], ease, k < 2 ? 0 : 1]);
      at += k < 2 ? 10 * 60_000 : Math.ceil(random() * 20) * DAY;
    }
    left -= count;
  }
  db.exec('commit');
  note.free();
  card.free();
  rev.free();
  const collection = db.export();
  db.close();
  return zipSync({ 'collection.anki21': collection, media: strToU8('{}') });
}
