// A card's text on the review screen, sized to the terminal: the question on top (a long one cut
// to its share), then the answer in a window that scrolls, so the question and the buttons stay
// in view whatever the answer's length. Only the lines in view are laid out and drawn.
import { Box, Text } from 'ink';
import React from 'react';
import type { Faces } from '../core/card-kinds.js';
import { m } from '../i18n/index.js';
import { MarkdownLines, useMarkdownLayout } from './Markdown.js';

export interface CardBodyProps {
  faces: Faces;
  revealed: boolean;
  width: number;
  /** Rows the body may use. */
  height: number;
  /** The first line of the answer in view. */
  scroll: number;
  /** Told how far the answer can scroll (Infinity while its end is not laid out yet). */
  onLimit: (last: number) => void;
}

export function CardBody({ faces, revealed, width, height, scroll, onLimit }: CardBodyProps) {
  // A cloze's answer is its prompt with the gap filled: one text, which scrolls.
  const single = !revealed || faces.answerReplacesPrompt;
  const promptText = revealed && faces.answerReplacesPrompt ? faces.answer : faces.prompt;
  const promptShare = single ? height : Math.max(3, Math.floor(height / 3));
  const prompt = useMarkdownLayout(promptText, width, (single ? scroll : 0) + promptShare + 1);
  const promptRows = single ? height : Math.min(promptShare, prompt.lines.length);
  const answerRows = single ? 0 : Math.max(1, height - promptRows - 2);
  const answer = useMarkdownLayout(single ? '' : faces.answer, width, scroll + answerRows + 1);
  const scrolled = single ? prompt : answer;
  const rows = single ? promptRows : answerRows;
  const last = scrolled.complete ? Math.max(0, scrolled.lines.length - rows) : Infinity;
  React.useEffect(() => {
    onLimit(last);
  });
  const from = Math.min(scroll, last);
  const more = from < last;
  const promptCut = !single && (prompt.lines.length > promptRows || !prompt.complete);
  return (
    <Box flexDirection="column">
      <MarkdownLines lines={prompt.lines} from={single ? from : 0} height={promptRows - (promptCut ? 1 : 0) - (single && more ? 1 : 0)} />
      {promptCut ? <Text dimColor>…</Text> : null}
      {!single ? (
        <Box flexDirection="column" marginTop={1}>
          <Text dimColor>{'─'.repeat(Math.min(width, 40))}</Text>
          <MarkdownLines lines={answer.lines} from={from} height={answerRows - (more ? 1 : 0)} />
        </Box>
      ) : null}
      {more ? <Text dimColor>{m.review.more}</Text> : null}
    </Box>
  );
}
