// A one-field text input as drawn: the text with the cursor shown as an inverse cell.
import { Text } from 'ink';
import type { TextBuffer } from './text-buffer.js';

export function TextField({ buffer, active, placeholder }: { buffer: TextBuffer; active: boolean; placeholder?: string }) {
  if (!active) return <Text dimColor={buffer.text === ''}>{buffer.text || placeholder || ' '}</Text>;
  const { text, cursor } = buffer;
  const at = text.codePointAt(cursor);
  const char = at === undefined || text[cursor] === '\n' ? ' ' : String.fromCodePoint(at);
  const after = text.slice(cursor + (at === undefined || text[cursor] === '\n' ? 0 : char.length));
  return (
    <Text>
      {text.slice(0, cursor)}
      <Text inverse>{char}</Text>
      {after}
    </Text>
  );
}
