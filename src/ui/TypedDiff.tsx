// A typed answer against the expected one, in one line like git's word diff: [-typed but wrong-]
// and {+missing+}, coloured where colour is on, so the marks read without colour too.
import { Text } from 'ink';
import type { TypedResult } from '../core/type-in.js';
import { m } from '../i18n/index.js';

export function TypedDiff({ result }: { result: TypedResult }) {
  const said = m.typed;
  const verdict = result.exact ? said.correct : result.typed === '' ? said.nothingTyped : said.alike(Math.round(result.similarity * 100));
  return (
    <>
      <Text>
        <Text dimColor>{said.youTyped}</Text>
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
      <Text dimColor>{said.expected(result.expected, verdict, result.suggested, m.review.grades[result.suggested])}</Text>
    </>
  );
}
