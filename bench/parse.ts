// The deck parser on 1 MB and 10 MB of hostile deck text (cards, unclosed clozes, long lines,
// fences, CJK, CRLF): time should grow with the size, not its square.
import { parseDeck } from '../src/core/parse-deck.js';
import { rng } from './fixtures.js';

const PIECES = [
  '## What is the alignment tax (对齐税)?\r\nThe drop in benchmark scores after RLHF.\n',
  'T5 has {{c1::11B}} parameters and {{c2::24}} layers.\n\n',
  '- Alignment tax ::: 对齐税\n',
  'An unclosed {{c1::cloze that never ends ',
  '}} stray closers }} ',
  '```\ncode :: not a card {{c1::no}}\n```\n',
  `${'x'.repeat(5000)} :: ${'y'.repeat(5000)}\n`,
  '# Section\n\n',
  '    - nested\n      - deeper\n',
];

export function hostileDeck(bytes: number, seed = 1): string {
  const random = rng(seed);
  let out = '';
  while (out.length < bytes) out += PIECES[Math.floor(random() * PIECES.length)]!;
  return out;
}

export function timeParse(bytes: number, runs = 3): number {
  const text = hostileDeck(bytes);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    parseDeck('hostile.md', text);
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}
