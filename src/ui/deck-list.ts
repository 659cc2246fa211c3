// The deck list as text: the tree indented, Anki's new (blue), learning (red) and due (green)
// counts, cards and predicted recall. Plain strings, so it prints in a pipe and above the
// "nothing due" message of `recall`.
import stringWidth from 'string-width';
import type { DeckNode, DeckTree } from '../core/deck-tree.js';
import { m } from '../i18n/index.js';
import { fit, padEnd, padStart, painter, pct, type ViewOptions } from './stats/paint.js';

const NUMBERS = 6 + 6 + 6 + 7 + 7;

export function deckListLines(tree: DeckTree, o: ViewOptions): string[] {
  const paint = painter(o.color);
  const rows: { label: string; node: Omit<DeckNode, 'children' | 'name' | 'path'>; top: boolean }[] = [];
  const walk = (nodes: DeckNode[], depth: number) => {
    for (const n of nodes) {
      rows.push({ label: `${'  '.repeat(depth)}${n.name}`, node: n, top: depth === 0 });
      walk(n.children, depth + 1);
    }
  };
  walk(tree.decks, 0);
  const all = m.deckList.all;
  // Names measured by display width: a Chinese deck name takes two columns a character.
  const nameWidth = Math.max(8, Math.min(Math.max(stringWidth(all), ...rows.map((r) => stringWidth(r.label))) + 1, o.width - NUMBERS - 1));
  const count = (n: number, color: 'blue' | 'red' | 'green', width: number) => (n === 0 ? paint(padStart('0', width), 'dim') : paint(padStart(String(n), width), color));
  const line = (label: string, n: Omit<DeckNode, 'children' | 'name' | 'path'>, bold = false) =>
    `${bold ? paint(padEnd(fit(label, nameWidth), nameWidth), 'bold') : padEnd(fit(label, nameWidth), nameWidth)}` +
    `${count(n.new, 'blue', 6)}${count(n.learning, 'red', 6)}${count(n.due, 'green', 6)}${padStart(String(n.cards), 7)}${padStart(pct(n.recall), 7)}`;
  const [deck, fresh, learn, due, cards, recall] = m.deckList.columns;
  return [
    paint(padEnd(deck, nameWidth) + [fresh, learn, due, cards, recall].map((h, i) => padStart(h, i < 3 ? 6 : 7)).join(''), 'dim'),
    ...rows.map((r) => line(r.label, r.node, r.top)),
    ...(rows.length > 1 ? [line(all, tree.total, true)] : []),
  ];
}
