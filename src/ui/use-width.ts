// The terminal's width, kept current on resize.
import { useStdout } from 'ink';
import React from 'react';

export function useWidth(): number {
  const { stdout } = useStdout();
  const [width, setWidth] = React.useState(stdout.columns || 80);
  React.useEffect(() => {
    const onResize = () => setWidth(stdout.columns || 80);
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return Math.max(20, width);
}
