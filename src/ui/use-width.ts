// The terminal's size, kept current on resize.
import { useStdout } from 'ink';
import React from 'react';

export function useTerminalSize(): { columns: number; rows: number } {
  const { stdout } = useStdout();
  const read = () => ({ columns: Math.max(20, stdout.columns || 80), rows: Math.max(10, stdout.rows || 24) });
  const [size, setSize] = React.useState(read);
  React.useEffect(() => {
    const onResize = () => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}

export function useWidth(): number {
  return useTerminalSize().columns;
}
