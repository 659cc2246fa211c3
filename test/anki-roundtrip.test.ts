// Decks -> Anki package (or Anki text) -> recall's importer into an empty folder gives back the
// same cards, and from the package the same schedule for every card.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replay } from '../src/core/events.js';
import { parseDeck } from '../src/core/parse-deck.js';
import type { Card } from '../src/core/types.js';
import { markdownToHtml } from '../src/export/html.js';
import { convertAnkiPackage } from '../src/import/anki-convert.js';
import { ankiTextDeckFiles } from '../src/import/anki-text.js';
import { loadCollection } from '../src/store/deck-files.js';
import { loadState } from '../src/store/state.js';
import { testPolicy } from './anki-packages.js';
import { DAY, FakeClock, HOUR, MINUTE, openSession, writeDecks } from './helpers.js';
import { runCli } from './pty.js';

const GPT = [
  '---',
  'tags: [llm, gpt]',
  '---',
  'Notes on GPT, kept as notes.',
  '',
  '# Sizes',
  '',
  'GPT-3 has {{c1::175 billion}} parameters in {{c2::96}} layers.',
  '',
  '- Alignment tax ::: the drop in benchmark scores after RLHF',
  '- Context window :: 2048 tokens',
  '',
  '## What does **GPT** stand for?',
  'Generative Pre-trained Transformer: a `decoder-only` model.',
  '',
  '- 12 layers',
  '- 117M parameters',
  '',
  '### Details',
  '',
  '| model | params |',
  '| --- | --: |',
  '| GPT-2 | 1.5B |',
  '',
  '```py',
  'logits = model(x)',
  '```',
  '',
  '# Training',
  '',
  '## Which objective?',
  'Next-token prediction: maximise {{c1::log-likelihood}} of the {{c2::next token}}.',
  '',
  '## Pinned card',
  '<!-- id: gpt-pinned -->',
  'Its history follows the pin.',
  '',
].join('\n');

const RLHF = ['---', 'deck: 面试::RLHF', 'reverse: true', '---', '## 奖励模型的作用？', '给回答打分，', '作为 PPO 的奖励信号。', ''].join('\n');

const GRADES = [3, 1, 3, 4, 2, 3, 3] as const;

function setup() {
  const decks = writeDecks({ 'llm/gpt.md': GPT, 'zh/rlhf.md': RLHF, 'other.md': '## Unrelated?\nyes\n' });
  return { decks, cwd: dirname(decks), state: join(dirname(decks), 'state') };
}

const byId = (cards: Card[]) => new Map(cards.map((c) => [c.id, c]));

/** What a card is, as recall shows and schedules it: its id, form, text (as rendered), deck and tags. */
function shape(card: Card) {
  return {
    id: card.id,
    kind: card.kind,
    front: card.front,
    back: markdownToHtml(card.back),
    cloze: card.cloze,
    deck: card.deck,
    tags: [...card.tags].sort(),
    section: card.section,
    heading: card.heading,
  };
}

function importedCards(decks: { file: string; text: string }[]) {
  return decks.flatMap((d) => {
    const parsed = parseDeck(d.file, d.text);
    expect(parsed.problems, d.file).toEqual([]);
    return parsed.cards;
  });
}

describe('round trip through Anki', () => {
  it('decks -> apkg with progress -> import gives the same cards and the same schedule', async () => {
    const { decks, cwd, state } = setup();
    // Sessions at noon (the day starts at 4 am), twelve days running, ending a week ago.
    const start = new Date(Date.now() - 20 * DAY);
    start.setHours(12, 0, 0, 0);
    const clock = new FakeClock(start.getTime());
    // Days of reviews: new cards learnt, some forgotten, one suspended, one answer undone.
    for (let day = 0; day < 12; day++) {
      const s = openSession(decks, state, clock);
      for (let i = 0; i < 14 && s.review.session.current; i++) {
        if (day === 0 && i === 5) s.review.suspend();
        s.review.answer(GRADES[(day + i) % GRADES.length]!);
        clock.advance(MINUTE + i * 1000);
        if (day === 3 && i === 2) s.review.undo();
      }
      s.close();
      clock.advance(DAY - 14 * MINUTE);
    }
    clock.advance(2 * HOUR);
    const r = runCli(['export', '--decks', decks, '--state', state, '--format', 'apkg', '--with-progress', '--out', 'all.apkg'], { cwd });
    expect(r.code, r.stderr).toBe(0);

    const policy = testPolicy();
    const result = await convertAnkiPackage(new Uint8Array(readFileSync(join(cwd, 'all.apkg'))), { policy });
    const original = loadCollection(decks).cards;
    const imported = importedCards(result.decks);
    expect(imported.map(shape).sort((a, b) => a.id.localeCompare(b.id))).toEqual(original.map(shape).sort((a, b) => a.id.localeCompare(b.id)));

    // The same schedule: the imported history, replayed, is the state the sessions left.
    const before = loadState(state, policy, { repair: false, now: clock.now }).progress;
    const after = replay(result.events, policy);
    const memory = (id: string, p: typeof before) => {
      const m = p.get(id);
      // A new card has no due date to keep (a suspended one records when it was suspended).
      return m && { due: m.st === 0 ? undefined : m.due, s: m.s, d: m.d, st: m.st, reps: m.reps, lapses: m.lapses, sd: m.sd, ls: m.ls, lrt: m.lrt, suspended: m.suspended };
    };
    let studied = 0;
    for (const card of original) {
      if (before.get(card.id)) studied++;
      expect(memory(card.id, after), card.front).toEqual(memory(card.id, before));
    }
    expect(studied).toBeGreaterThan(8);
    expect([...before.values()].some((p) => p.suspended === 'user')).toBe(true);
    expect([...before.values()].some((p) => p.lapses > 0)).toBe(true);
    expect(byId(imported).size).toBe(original.length);
  });

  it('recall import of an Anki package: decks, media and history written once, through the CLI', async () => {
    const { decks, cwd, state } = setup();
    const start = new Date(Date.now() - 10 * DAY);
    start.setHours(12, 0, 0, 0);
    const clock = new FakeClock(start.getTime());
    for (let day = 0; day < 6; day++) {
      const s = openSession(decks, state, clock);
      for (let i = 0; i < 10 && s.review.session.current; i++) {
        // One card suspended: the package carries its suspension beside its answers.
        if (day === 1 && i === 3) s.review.suspend();
        else s.review.answer(GRADES[(day + i) % GRADES.length]!);
        clock.advance(MINUTE);
      }
      s.close();
      clock.advance(DAY - 10 * MINUTE);
    }
    expect(runCli(['export', '--decks', decks, '--state', state, '--format', 'apkg', '--with-progress', '--out', 'all.apkg'], { cwd }).code).toBe(0);

    const fresh = join(cwd, 'elsewhere');
    const run = (...args: string[]) => runCli([...args, '--decks', join(fresh, 'decks'), '--state', join(fresh, 'state')], { cwd });
    const first = run('import', 'all.apkg', '--yes');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/Anki collection \(anki21\): \d+ notes/);
    expect(first.stderr).toMatch(/history: \d+ reviews of \d+ cards added to/);
    // The count is of answers, not of the suspension logged with them; the summary counts the package's notes.
    const logged = readFileSync(join(fresh, 'state/reviews.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string });
    expect(logged.some((e) => e.type === 'suspend')).toBe(true);
    expect(first.stderr).toContain(`history: ${logged.filter((e) => e.type === 'review').length} reviews of`);
    expect(first.stderr).toMatch(/Summary: \d+ notes of the package, for \d+ deck files?\n/);
    expect(run('check').stdout).toMatch(/^ok: /);
    const policy = testPolicy();
    const before = loadState(state, policy, { repair: false, now: Date.now() }).progress;
    const after = loadState(join(fresh, 'state'), policy, { repair: false, now: Date.now() }).progress;
    const original = loadCollection(decks).cards;
    expect(loadCollection(join(fresh, 'decks')).cards.map((c) => c.id).sort()).toEqual(original.map((c) => c.id).sort());
    for (const card of original) {
      const b = before.get(card.id);
      const a = after.get(card.id);
      expect(a && { due: a.due, st: a.st, reps: a.reps, s: a.s }, card.front).toEqual(b && { due: b.due, st: b.st, reps: b.reps, s: b.s });
    }
    // Again: nothing new, not a byte changed.
    const snapshot = () => readFileSync(join(fresh, 'state/reviews.jsonl'), 'utf8') + loadCollection(join(fresh, 'decks')).decks.map((d) => d.file).join();
    const was = snapshot();
    const again = run('import', 'all.apkg', '--yes');
    expect(again.code).toBe(0);
    expect(again.stderr).not.toMatch(/history:/);
    expect(snapshot()).toBe(was);
    expect(run('import', 'all.apkg', '--yes', '--deck', 'x')).toMatchObject({ code: 2, stderr: expect.stringContaining('keeps its own decks') });

    const bare = join(cwd, 'bare');
    expect(runCli(['import', 'all.apkg', '--yes', '--no-history', '--decks', join(bare, 'decks'), '--state', join(bare, 'state')], { cwd }).code).toBe(0);
    expect(existsSync(join(bare, 'state', 'reviews.jsonl'))).toBe(false);
  });

  it('decks -> Anki text -> import keeps decks, sections, tags and reverses', () => {
    const { decks, cwd } = setup();
    const r = runCli(['export', '--decks', decks, '--format', 'csv', '--out', 'all.txt'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const plan = ankiTextDeckFiles(readFileSync(join(cwd, 'all.txt'), 'utf8'));
    expect(plan.skippedRows).toEqual([]);
    const imported = importedCards(plan.files);
    const original = loadCollection(decks).cards;
    expect(imported.map(shape).sort((a, b) => a.id.localeCompare(b.id))).toEqual(original.map(shape).sort((a, b) => a.id.localeCompare(b.id)));
    expect(plan.files.map((f) => [f.file, f.deck, f.tags, f.reverse])).toEqual([
      ['llm/gpt.md', 'llm::gpt', ['gpt', 'llm'], false],
      ['other.md', 'other', [], false],
      ['面试/RLHF.md', '面试::RLHF', [], true],
    ]);
  });
});
