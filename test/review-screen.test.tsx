// The review screen, driven by keys as a person drives it.
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { formatInterval } from '../src/ui/format.js';
import { ReviewApp, type ExitReason } from '../src/ui/ReviewApp.js';
import type { Settings } from '../src/core/settings.js';
import { ReviewSession } from '../src/core/review-session.js';
import { eventually, FakeClock, openSession, tempDir, type TestSession, writeDecks } from './helpers.js';

const DECK = [
  '# Sizes',
  '',
  '## How many parameters does GPT-3 have?',
  '**175 billion**, in 96 layers.',
  '',
  '## What does T5 stand for?',
  'Text-to-Text Transfer Transformer',
  '',
  '# Data',
  '',
  'LIMA fine-tunes on {{c1::1,000}} curated examples.',
  '',
  '## 什么是对齐税？',
  '对齐之后模型在公开 NLP 基准上的性能下降（alignment tax）。',
].join('\n');

const GRADE_NAMES = { 1: 'Again', 2: 'Hard', 3: 'Good', 4: 'Easy' } as const;

// Ink reads keys on the next tick; a short pause makes each key land on the screen it was meant for.
const pause = () => new Promise((r) => setTimeout(r, 30));

let session: TestSession | undefined;
afterEach(() => session?.close());

function mount(columns = 100, settings: Partial<Settings> = {}) {
  const clock = new FakeClock(Date.UTC(2026, 4, 1, 12));
  session = openSession(writeDecks({ 'llm/gpt.md': DECK }), tempDir(), clock, { settings });
  const exits: ExitReason[] = [];
  const app = render(<ReviewApp session={session.review} clock={clock.tick} onExit={(r) => exits.push(r)} />);
  if (columns !== 100) {
    // The terminal is resized after start-up: the screen must reflow to the new width.
    Object.defineProperty(app.stdout, 'columns', { value: columns, configurable: true });
    app.stdout.emit('resize');
  }
  return { app, exits, clock, review: session.review };
}

async function keys(app: ReturnType<typeof render>, ...sequence: string[]) {
  for (const key of sequence) {
    app.stdin.write(key);
    await pause();
  }
}

describe('the review screen', () => {
  it('shows the front, reveals the back, shows intervals, and grades', async () => {
    const { app, review } = mount();
    await eventually(() => expect(app.lastFrame()).toContain('How many parameters does GPT-3 have?'));
    expect(app.lastFrame()).toContain('llm::gpt › Sizes');
    expect(app.lastFrame()).not.toContain('175 billion');
    expect(app.lastFrame()).toMatch(/4 0 0/); // new, learning, review
    await keys(app, ' ');
    await eventually(() => expect(app.lastFrame()).toContain('175 billion'));
    expect(app.lastFrame()).toMatch(/1 Again 1m\s+2 Hard 6m\s+3 Good 10m\s+4 Easy \d+d/);
    await keys(app, '3');
    await eventually(() => expect(app.lastFrame()).toContain('What does T5 stand for?'));
    expect(app.lastFrame()).toMatch(/3 1 0/);
    expect(review.session.answers).toHaveLength(1);
    app.unmount();
  });

  it('hides a cloze deletion until the reveal', async () => {
    const { app } = mount();
    await pause();
    await keys(app, ' ', '4', ' ', '4');
    await eventually(() => expect(app.lastFrame()).toContain('LIMA fine-tunes on [...] curated examples.'));
    await keys(app, ' ');
    await eventually(() => expect(app.lastFrame()).toContain('LIMA fine-tunes on 1,000 curated examples.'));
    app.unmount();
  });

  it('undoes the last answer and shows that card again', async () => {
    const { app, review } = mount();
    await pause();
    await keys(app, ' ', '4');
    await eventually(() => expect(app.lastFrame()).toContain('What does T5 stand for?'));
    await keys(app, 'u');
    await eventually(() => expect(app.lastFrame()).toContain('How many parameters does GPT-3 have?'));
    await eventually(() => expect(app.lastFrame()).toContain('Undone.'));
    await eventually(() => expect(review.session.answers).toHaveLength(0));
    await eventually(() => expect(session!.ws.progress.size).toBe(0));
    app.unmount();
  });

  it('takes keys that arrive in one chunk one by one', async () => {
    const { app, review } = mount();
    await pause();
    app.stdin.write(' 3 3');
    await pause();
    await eventually(() => expect(review.session.answers.map((a) => a.grade)).toEqual([3, 3]));
    app.unmount();
  });

  it('buries the card on screen and moves on', async () => {
    const { app } = mount();
    await pause();
    await keys(app, 'b');
    await eventually(() => expect(app.lastFrame()).toContain('What does T5 stand for?'));
    await eventually(() => expect(app.lastFrame()).toContain('Buried until tomorrow'));
    await eventually(() => expect([...session!.ws.progress.values()][0]?.buriedUntil).toBeGreaterThan(0));
    app.unmount();
  });

  it('shows the keys on ?', async () => {
    const { app } = mount();
    await pause();
    await keys(app, '?');
    await eventually(() => expect(app.lastFrame()).toContain('undo the last answer'));
    app.unmount();
  });

  it('ends with a summary on q', async () => {
    const { app, exits } = mount();
    await pause();
    await keys(app, ' ', '3', ' ', '1', 'q');
    await eventually(() => expect(exits).toEqual([{ kind: 'quit' }]));
    await eventually(() => expect(app.lastFrame()).toMatch(/Reviewed 2 cards in .* · 50% correct/));
    await eventually(() => expect(app.lastFrame()).toMatch(/Next card due in \d+m/));
  });

  it('says what the daily limits held back', async () => {
    const { app } = mount(100, { newPerDay: 1 });
    await pause();
    await keys(app, ' ', '4', 'q');
    await eventually(() => expect(app.lastFrame()).toContain("Waiting beyond today's limits: 3 new cards"));
  });

  it('asks to edit the card on e', async () => {
    const { app, exits } = mount();
    await pause();
    await keys(app, 'e');
    await eventually(() => expect(exits).toEqual([{ kind: 'edit', card: expect.objectContaining({ file: 'llm/gpt.md', line: 3 }) }]));
  });

  it('reflows to a 40-column terminal, Chinese included', async () => {
    const { app } = mount(40);
    await pause();
    await keys(app, ' ', '4', ' ', '4', ' ', '4', ' ');
    await eventually(() => expect(app.lastFrame()).toContain('对齐之后模型在'));
    const frame = app.lastFrame()!;
    expect(frame).toContain('什么是对齐税？');
    for (const line of frame.split("\n")) {
      const width = [...line].reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0);
      expect(width).toBeLessThanOrEqual(40);
    }
    app.unmount();
  });
});

describe('the review screen says what happens (issue 11)', () => {
  it('shows on each button the interval its grade then applies (1)', async () => {
    const { app, review, clock } = mount();
    await pause();
    await keys(app, ' ');
    await eventually(() => expect(app.lastFrame()).toContain('1 Again'));
    const shown = review.outcomes!;
    for (const o of shown) expect(app.lastFrame()).toContain(`${GRADE_NAMES[o.grade]} ${formatInterval(o.interval)}`);
    const card = review.session.current!.card;
    clock.advance(9_000);
    await keys(app, '4');
    await eventually(() => expect(session!.ws.progress.get(card.id)?.due).toBe(shown[3]!.after.due));
    app.unmount();
  });

  it('says after the reveal that Space and Enter grade Good, and where the keys are (6)', async () => {
    const { app } = mount();
    await pause();
    await keys(app, ' ');
    await eventually(() => expect(app.lastFrame()).toContain('Space/Enter Good · u undo · ? keys · q quit'));
    app.unmount();
  });

  it('ends on Ctrl-C as on q: a summary, and an interrupt (6)', async () => {
    const { app, exits } = mount();
    await pause();
    await keys(app, ' ', '3', '\x03');
    await eventually(() => expect(exits).toEqual([{ kind: 'interrupt' }]));
    await eventually(() => expect(app.lastFrame()).toMatch(/Reviewed 1 card in/));
  });

  it('offers undo on the summary: the last card comes back (5)', async () => {
    const { app, exits, review } = mount(100, { newPerDay: 1, learningSteps: [] });
    await pause();
    await keys(app, ' ', '3');
    await eventually(() => expect(app.lastFrame()).toContain('u undo the last answer · q close'));
    expect(exits).toEqual([]);
    await keys(app, 'u');
    await eventually(() => expect(app.lastFrame()).toContain('How many parameters does GPT-3 have?'));
    expect(review.session.answers).toHaveLength(0);
    await keys(app, ' ', '4');
    await eventually(() => expect(app.lastFrame()).toContain('Reviewed 1 card'));
    await keys(app, 'q');
    await eventually(() => expect(exits).toEqual([{ kind: 'quit' }]));
  });

  it('counts done and left, never a total that grows, and names the section once (7)', async () => {
    const { app } = mount();
    await pause();
    await eventually(() => expect(app.lastFrame()).toContain('0 done · 4 left'));
    expect(app.lastFrame()!.split('Sizes').length - 1).toBe(1);
    const done = (frame: string) => Number(/(\d+) done · (\d+) left/.exec(frame)![1]);
    const share = (frame: string) => {
      const m = /(\d+) done · (\d+) left/.exec(frame)!;
      return Number(m[1]) / (Number(m[1]) + Number(m[2]));
    };
    let last = 0;
    for (const grade of ['1', '1', '3', '1', '4']) {
      await keys(app, ' ', grade);
      await eventually(() => expect(done(app.lastFrame()!)).toBeGreaterThan(0));
      const now = share(app.lastFrame()!);
      expect(now).toBeGreaterThanOrEqual(last);
      last = now;
    }
    app.unmount();
  });

  it('keeps the hanging indent of the keys help at 40 columns (4)', async () => {
    const { app } = mount(40);
    await pause();
    await keys(app, '?');
    await eventually(() => expect(app.lastFrame()).toContain('Keys'));
    const lines = app.lastFrame()!.split('\n');
    const first = lines.findIndex((l) => l.includes('suspend: hide this'));
    const column = lines[first]!.indexOf('suspend');
    // Every wrapped line of the description starts in the description's column, never a space later.
    for (const line of lines.slice(first + 1, first + 3)) {
      expect(line.slice(0, column).replace(/[│\s]/g, '')).toBe('');
      expect(line.slice(column)).toMatch(/^\S/);
    }
    app.unmount();
  });
});

describe('long answers and images on the review screen (issue 15)', () => {
  function mountCard(deck: string, rows: number, columns = 60) {
    const clock = new FakeClock(Date.UTC(2026, 4, 1, 12));
    session = openSession(writeDecks({ 'a.md': deck }), tempDir(), clock);
    const exits: ExitReason[] = [];
    const app = render(<ReviewApp session={session.review} clock={clock.tick} onExit={(r) => exits.push(r)} hasImages={(card) => card.back.includes('![')} />);
    Object.defineProperty(app.stdout, 'columns', { value: columns, configurable: true });
    Object.defineProperty(app.stdout, 'rows', { value: rows, configurable: true });
    app.stdout.emit('resize');
    return { app, exits };
  }
  const longAnswer = Array.from({ length: 60 }, (_, i) => `Point ${i + 1} of the answer.`).join('\n\n');

  it('keeps the question and the buttons in view and scrolls the answer with j, k and PgDn', async () => {
    const { app } = mountCard(`## What are the sixty points?\n${longAnswer}\n`, 16);
    await pause();
    await keys(app, ' ');
    await eventually(() => expect(app.lastFrame()).toContain('Point 1 of the answer.'));
    const frame = () => app.lastFrame()!.split('\n');
    expect(frame().length).toBeLessThanOrEqual(15);
    expect(app.lastFrame()).toContain('What are the sixty points?');
    expect(app.lastFrame()).toMatch(/1 Again .*/);
    expect(app.lastFrame()).toContain('↓ more');
    await keys(app, 'j', 'j');
    await eventually(() => expect(app.lastFrame()).not.toContain('Point 1 of the answer.'));
    expect(app.lastFrame()).toContain('Point 2 of the answer.');
    await keys(app, 'k', 'k');
    await eventually(() => expect(app.lastFrame()).toContain('Point 1 of the answer.'));
    for (let i = 0; i < 40; i++) await keys(app, '\x1b[6~');
    await eventually(() => expect(app.lastFrame()).toContain('Point 60 of the answer.'));
    expect(app.lastFrame()).not.toContain('↓ more');
    expect(frame().length).toBeLessThanOrEqual(15);
    expect(app.lastFrame()).toContain('What are the sixty points?');
    app.unmount();
  });

  it('draws a list nested 200 levels deep without failing, deeper levels as plain lines (issue 11: 14)', async () => {
    const deep = Array.from({ length: 200 }, (_, i) => `${'  '.repeat(i)}- item ${i}`).join('\n');
    const { app } = mountCard(`## How deep?\n${deep}\n`, 30, 100);
    await pause();
    await keys(app, ' ');
    await eventually(() => expect(app.lastFrame()).toContain('item 0'));
    expect(app.lastFrame()).not.toMatch(/ERROR|not a function/);
    for (let i = 0; i < 20; i++) await keys(app, '\x1b[6~');
    await eventually(() => expect(app.lastFrame()).toContain('item 199'));
    app.unmount();
  });

  it('asks to show a card’s images on o, and says so when it has none', async () => {
    const { app, exits } = mountCard('## Plain?\nno picture\n\n## Which figure?\n![attention heads](fig/heads.png)\n', 30);
    await pause();
    await keys(app, 'o');
    await eventually(() => expect(app.lastFrame()).toContain('This card has no image.'));
    await keys(app, ' ', '3', 'o');
    await eventually(() => expect(exits).toEqual([{ kind: 'images', card: expect.objectContaining({ front: 'Which figure?' }) }]));
  });
});

describe('the review screen while answers reach the disk', () => {
  it('prepares the next answers only once the first card is on screen', async () => {
    const clock = new FakeClock(Date.UTC(2026, 4, 1, 12));
    session = openSession(writeDecks({ 'llm/gpt.md': DECK }), tempDir(), clock);
    const framesBefore: number[] = [];
    let app: ReturnType<typeof render> | undefined;
    app = render(<ReviewApp session={session.review} clock={clock.tick} onExit={() => undefined} afterFirstFrame={() => framesBefore.push(app!.frames.length)} />);
    await eventually(() => expect(framesBefore).toHaveLength(1));
    expect(framesBefore[0]).toBeGreaterThan(0);
    expect(app.frames[0]).toContain('How many parameters does GPT-3 have?');
  });

  it('stops, saying the answer before the card on screen may not be on disk, when its sync fails', async () => {
    const clock = new FakeClock(Date.UTC(2026, 4, 1, 12));
    session = openSession(writeDecks({ 'llm/gpt.md': DECK }), tempDir(), clock);
    const exits: ExitReason[] = [];
    let failed: ((error: unknown) => void) | undefined;
    const app = render(<ReviewApp session={session.review} clock={clock.tick} onExit={(r) => exits.push(r)} watchSaves={(f) => (failed = f)} />);
    await eventually(() => expect(app.lastFrame()).toContain('Space reveal'));
    await keys(app, ' ', '3');
    failed!(Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' }));
    await eventually(() => expect(exits).toEqual([{ kind: 'failed', message: expect.stringContaining('the answer before this card may not have reached the disk') }]));
  });

  it('says which answer may be lost when an answer is refused: this one on a failed write, the one before on a failed sync', async () => {
    const clock = new FakeClock(Date.UTC(2026, 4, 1, 12));
    session = openSession(writeDecks({ 'llm/gpt.md': DECK }), tempDir(), clock);
    const { ws } = session;
    for (const [failure, said] of [
      [Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }), 'this answer was not saved'],
      [Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO', unsynced: true }), 'the answer before this card may not have reached the disk'],
    ] as const) {
      const refusing = new ReviewSession({ progress: ws.progress, append: () => { throw failure; }, policy: ws.policy, clock: clock.tick }, ws.collection.cards);
      const exits: ExitReason[] = [];
      const app = render(<ReviewApp session={refusing} clock={clock.tick} onExit={(r) => exits.push(r)} />);
      await eventually(() => expect(app.lastFrame()).toContain('Space reveal'));
      await keys(app, ' ', '3');
      await eventually(() => expect(exits).toEqual([{ kind: 'failed', message: expect.stringContaining(said) }]));
      app.unmount();
    }
  });
});
