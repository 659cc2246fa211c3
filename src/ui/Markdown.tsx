// Card Markdown on the terminal: laid out into lines by render/layout.ts (wrapped by display
// width, formulas in Unicode, code highlighted), then drawn as one Text: one layout node for the
// whole card, and only the lines in view.
import { Text, useStdout } from 'ink';
import React from 'react';
import { layoutMarkdown, type Layout } from '../render/layout.js';
import type { Line } from '../render/styled.js';

/** Colour is on unless NO_COLOR is set (cli.ts turns that into FORCE_COLOR=0 for chalk) or FORCE_COLOR=0. */
export function colorEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return !env.NO_COLOR && env.FORCE_COLOR !== '0';
}

/**
 * The layout of a card's Markdown at this width, kept while text and width stay the same. With
 * `upTo`, at least that many lines are laid out, not all (`complete` says whether that was all):
 * a scrolling screen asks for the lines down to the bottom of its view. The count is rounded up
 * to a power of two, so scrolling down lays the text out again only now and then.
 */
export function useMarkdownLayout(text: string, width: number, upTo?: number): Layout {
  const color = colorEnabled();
  const maxLines = upTo === undefined ? undefined : 2 ** Math.ceil(Math.log2(Math.max(64, upTo)));
  return React.useMemo(() => layoutMarkdown(text, width, { maxLines, color }), [text, width, maxLines, color]);
}

/** Lines [from, from + height) of a layout, and nothing else: a frame costs what it shows. */
export function MarkdownLines({ lines, from = 0, height }: { lines: Line[]; from?: number; height?: number }) {
  const shown = lines.slice(Math.max(0, from), height === undefined ? undefined : Math.max(0, from) + Math.max(0, height));
  if (shown.length === 0) return null;
  return (
    <Text>
      {shown.map((line, i) => (
        <React.Fragment key={i}>
          {i > 0 ? '\n' : ''}
          {line.map((s, j) =>
            s.text === '' ? null : (
              <Text key={j} bold={s.bold} italic={s.italic} underline={s.underline} strikethrough={s.strikethrough} dimColor={s.dim} color={s.color}>
                {s.text}
              </Text>
            ),
          )}
        </React.Fragment>
      ))}
    </Text>
  );
}

/**
 * Card Markdown, all of it up to `maxLines` lines (then a dim "…"), by default a screenful: for
 * previews, and for the review screen until it scrolls. Ink takes about a millisecond a line to
 * draw, so a huge card must never reach it whole.
 */
export function Markdown({ text, width, maxLines }: { text: string; width: number; maxLines?: number }) {
  const { stdout } = useStdout();
  const limit = Math.max(1, maxLines ?? (stdout.rows || 40));
  const layout = useMarkdownLayout(text, width, limit);
  const more = !layout.complete || layout.lines.length > limit;
  return <MarkdownLines lines={more ? [...layout.lines.slice(0, limit), [{ text: '…', dim: true }]] : layout.lines} />;
}
