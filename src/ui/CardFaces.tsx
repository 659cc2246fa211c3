// A card as the review screen would show it, both sides at once: for previews before saving.
import { Box, Text } from 'ink';
import { faces } from '../core/card-kinds.js';
import type { Card } from '../core/types.js';
import { Markdown } from './Markdown.js';

export function CardFaces({ card, width, context = true }: { card: Card; width: number; context?: boolean }) {
  const f = faces(card);
  return (
    <Box flexDirection="column">
      {context && f.context.length ? <Text dimColor>{f.context.join(' › ')}</Text> : null}
      <Markdown text={f.prompt} width={width} />
      <Text dimColor>{'─'.repeat(Math.max(4, Math.min(width, 30)))}</Text>
      <Markdown text={f.answer} width={width} />
    </Box>
  );
}
