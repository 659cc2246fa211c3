// The MathML that Temml writes, read back into a tree: elements, attributes and text. Temml's
// output is regular (no comments, no CDATA, attributes always quoted), so a small reader does.

export interface MathElement {
  name: string;
  attrs: Record<string, string>;
  children: MathChild[];
}

export type MathChild = MathElement | string;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decode(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return ENTITIES[e.toLowerCase()] ?? whole;
  });
}

const TAG = /<(\/?)([a-zA-Z][\w-]*)((?:\s+[\w:-]+="[^"]*")*)\s*(\/?)>/g;
const ATTR = /([\w:-]+)="([^"]*)"/g;

/** The root element of a MathML string; throws on markup it does not understand. */
export function readMathML(markup: string): MathElement {
  const root: MathElement = { name: '#root', attrs: {}, children: [] };
  const stack = [root];
  let at = 0;
  TAG.lastIndex = 0;
  for (let m = TAG.exec(markup); m; m = TAG.exec(markup)) {
    const top = stack[stack.length - 1]!;
    if (m.index > at) top.children.push(decode(markup.slice(at, m.index)));
    at = m.index + m[0].length;
    const [, closing, name, attrText, selfClosing] = m;
    if (closing) {
      if (top.name !== name || stack.length === 1) throw new Error(`unbalanced </${name}> in MathML`);
      stack.pop();
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of attrText!.matchAll(ATTR)) attrs[a[1]!] = decode(a[2]!);
    const element: MathElement = { name: name!, attrs, children: [] };
    top.children.push(element);
    if (!selfClosing) stack.push(element);
  }
  if (stack.length !== 1 || markup.slice(at).trim() !== '') throw new Error('unclosed MathML');
  const first = root.children.find((c): c is MathElement => typeof c !== 'string');
  if (!first) throw new Error('no MathML element');
  return first;
}

/** All the text inside an element. */
export function textOf(node: MathChild): string {
  return typeof node === 'string' ? node : node.children.map(textOf).join('');
}
