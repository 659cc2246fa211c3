// The bare Ink floor: the cheapest Ink app built like recall's review screen (same bundle
// settings and shims, Yoga awaited the same way, the same render options and a key handler, so
// raw mode is set up as well) that draws one line. `q` quits.
import { render, Text, useApp, useInput } from 'ink';
import { yogaReady } from '../../scripts/yoga-shim.js';

function Hello() {
  const { exit } = useApp();
  useInput((input) => {
    if (input === 'q') exit();
  });
  return <Text>Ink floor: one line</Text>;
}

export async function hello(): Promise<void> {
  await yogaReady;
  const app = render(<Hello />, { exitOnCtrlC: true, patchConsole: false });
  await app.waitUntilExit();
}
