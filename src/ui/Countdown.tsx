// A question's clock: the time left, drawn once a second while it runs (the rest of the screen
// is not redrawn in between, since only this component's state changes), then the time it took.
import { Text } from 'ink';
import React from 'react';
import type { QuestionTimer } from '../core/study-session.js';
import { clockText } from './format.js';
import { m } from '../i18n/index.js';

export function Countdown({ timer, clock }: { timer: QuestionTimer; clock: () => number }) {
  const [, setTick] = React.useState(0);
  const running = timer.stoppedAt === undefined;
  React.useEffect(() => {
    if (!running) return;
    let handle: NodeJS.Timeout;
    // Wake at the next whole second of the countdown, so each frame shows a new number.
    const schedule = () => {
      const left = timer.since + timer.seconds * 1000 - clock();
      const wait = ((left % 1000) + 1000) % 1000 || 1000;
      handle = setTimeout(() => {
        setTick((n) => n + 1);
        schedule();
      }, wait + 5);
    };
    schedule();
    return () => clearTimeout(handle);
  }, [running, timer.since, timer.seconds, clock]);
  const limit = timer.seconds * 1000;
  if (!running) {
    const took = timer.stoppedAt! - timer.since;
    return <Text color={took > limit ? 'red' : 'green'}>{m.drill.answeredIn(clockText(took))}</Text>;
  }
  const left = limit - (clock() - timer.since);
  return <Text color={left <= 0 ? 'red' : left <= 15_000 ? 'yellow' : undefined}>{left <= 0 ? m.drill.timesUp(clockText(left)) : m.drill.left(clockText(left))}</Text>;
}
