// The deck list as text: the tree indented, Anki's new (blue), learning (red) and due (green)
// counts, cards and predicted recall. Plain strings, so it prints in a pipe and above the
// "nothing due" message of `recall`.
import type { DeckNode, DeckTree } from '../core/deck-tree.js';
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
  const nameWidth = Math.max(8, Math.min(Math.max('All decks'.length, ...rows.map((r) => r.label.length)) + 1, o.width - NUMBERS - 1));
  const count = (n: number, color: 'blue' | 'red' | 'green', width: number) => (n === 0 ? paint(padStart('0', width), 'dim') : paint(padStart(String(n), width), color));
  const line = (label: string, n: Omit<DeckNode, 'children' | 'name' | 'path'>, bold = false) =>
    `${bold ? paint(padEnd(fit(label, nameWidth), nameWidth), 'bold') : padEnd(fit(label, nameWidth), nameWidth)}` +
    `${count(n.new, 'blue', 6)}${count(n.learning, 'red', 6)}${count(n.due, 'green', 6)}${padStart(String(n.cards), 7)}${padStart(pct(n.recall), 7)}`;
  return [
    paint(`${padEnd('Deck', nameWidth)}${padStart('New', 6)}${padStart('Learn', 6)}${padStart('Due', 6)}${padStart('Cards', 7)}${padStart('Recall', 7)}`, 'dim'),
    ...rows.map((r) => line(r.label, r.node, r.top)),
    ...(rows.length > 1 ? [line('All decks', tree.total, true)] : []),
  ];
}
