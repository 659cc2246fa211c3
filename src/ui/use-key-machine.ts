// Drives a state machine that lives outside React (a form, a list): each key goes to it, the
// screen re-renders, and the app exits once the machine says it is done.
import { useApp, useInput, type Key } from 'ink';
import React from 'react';

export function useKeyMachine(handle: (input: string, key: Key) => void, done: () => boolean): void {
  const { exit } = useApp();
  const [, setTick] = React.useState(0);
  useInput((input, key) => {
    handle(input, key);
    setTick((t) => t + 1);
  });
  // Exit once the frame that shows the outcome is committed: exiting from the key handler could
  // unmount before React drew it ("1 card added" never reached the screen on a busy machine).
  const finished = done();
  React.useEffect(() => {
    if (finished) setTimeout(exit, 0);
  }, [finished, exit]);
}
