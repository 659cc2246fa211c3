// After the user edits a deck in their editor, the screen shows each card as the file has it now:
// by its id when the edit kept it, else the card now at the same place (same file, line and kind).
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { editedCard } from '../src/app/study-screen.js';
import type { Workspace } from '../src/app/workspace.js';
import { FakeClock, writeDecks } from './helpers.js';
import { openWs } from './week-helpers.js';

let open: Workspace[] = [];
afterEach(() => {
  for (const ws of open) ws.close();
  open = [];
});

describe('a card after an edit', () => {
  it('is found by its id, or at its place when the edit changed its id, or is gone', () => {
    const decks = writeDecks({ 'llm/a.md': '## What is RoPE?\nRotary.\n\n## What is ALiBi?\nLinear biases.\n\n## What is MQA?\nOne KV head.\n' });
    const ws = openWs(decks, join(dirname(decks), 'state'), new FakeClock(Date.UTC(2026, 4, 1, 12)));
    open.push(ws);
    const [rope, alibi, mqa] = ws.collection.cards;
    writeFileSync(join(decks, 'llm/a.md'), '## What is RoPE?\nRotary, relative.\n\n## What does ALiBi add to the logits?\nLinear biases.\n');
    ws.reloadDecks();
    const fresh = editedCard(ws);
    expect(fresh(rope!)).toMatchObject({ id: rope!.id, back: 'Rotary, relative.' });
    expect(fresh(alibi!)).toMatchObject({ front: 'What does ALiBi add to the logits?', line: alibi!.line });
    expect(fresh(alibi!)!.id).not.toBe(alibi!.id);
    expect(fresh(mqa!)).toBeUndefined();
  });
});
