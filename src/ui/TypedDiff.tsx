// A typed answer against the expected one, in one line like git's word diff: [-typed but wrong-]
// and {+missing+}, coloured where colour is on, so the marks read without colour too.
import { Text } from 'ink';
import type { TypedResult } from '../core/type-in.js';

const GRADE_NAMES = { 1: 'Again', 2: 'Hard', 3: 'Good', 4: 'Easy' } as const;

export function TypedDiff({ result }: { result: TypedResult }) {
  const verdict = result.exact ? 'correct' : result.typed === '' ? 'nothing typed' : `${Math.round(result.similarity * 100)}% alike`;
  return (
    <>
      <Text>
        <Text dimColor>You typed: </Text>
        {result.parts.map((p, i) =>
          p.kind === 'same' ? (
            <Text key={i} color="green">{p.text}</Text>
          ) : p.kind === 'extra' ? (
            <Text key={i} color="red" strikethrough>{`[-${p.text}-]`}</Text>
          ) : (
            <Text key={i} color="yellow" underline>{`{+${p.text}+}`}</Text>
          ),
        )}
      </Text>
      <Text dimColor>
        Expected: {result.expected} · {verdict} · suggested {result.suggested} {GRADE_NAMES[result.suggested]}
      </Text>
    </>
  );
}
