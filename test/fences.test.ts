import { describe, expect, it } from 'vitest';
import { demoteHeadings } from '../src/core/answer-text.js';
import { mapOutsideFences } from '../src/core/fences.js';

describe('rewrites outside fenced code', () => {
  it('never reach inside a fence, even past a shorter run of its character or a fence of the other kind', () => {
    const lines = ['# out', '````md', '```', '# in', '~~~', '````', '# out again'];
    expect(mapOutsideFences(lines, (l) => l.toUpperCase())).toEqual(['# OUT', '````md', '```', '# in', '~~~', '````', '# OUT AGAIN']);
  });

  it('demote the headings of a back but not the ones a code sample shows', () => {
    expect(demoteHeadings(['## Part', '````', '```', '## not a heading', '````'], 2)).toEqual(['### Part', '````', '```', '## not a heading', '````']);
  });
});
