// A terminal emulator (xterm.js, headless) fed with what recall wrote: what a person would see on
// the screen, after cursor moves, erases, the alternate screen and resizes, not the raw stream.
import xterm from '@xterm/headless';

export class Screen {
  private readonly term: xterm.Terminal;
  private fed = 0;

  constructor(columns: number, rows: number) {
    this.term = new xterm.Terminal({ cols: columns, rows, allowProposedApi: true, scrollback: 1000 });
  }

  /** Writes the part of `raw` not written yet; resolves when the emulator has taken it in. */
  feed(raw: string): Promise<void> {
    const chunk = raw.slice(this.fed);
    this.fed = raw.length;
    return new Promise((resolve) => this.term.write(chunk, resolve));
  }

  resize(columns: number, rows: number): void {
    this.term.resize(columns, rows);
  }

  /** The visible screen, one string per row, trailing spaces removed. */
  lines(): string[] {
    const buffer = this.term.buffer.active;
    const out: string[] = [];
    for (let y = 0; y < this.term.rows; y++) out.push(buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '');
    return out;
  }

  text(): string {
    return this.lines().join('\n');
  }
}
