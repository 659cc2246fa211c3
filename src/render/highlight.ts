// Syntax highlighting of fenced code by its language, with highlight.js (its core and the
// languages an ML interview deck is written in), as coloured segments for the terminal.
//
// Loaded only when a card on screen has code in a known language and colour is on (see engines.ts).
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import csharp from 'highlight.js/lib/languages/csharp';
import diff from 'highlight.js/lib/languages/diff';
import dockerfile from 'highlight.js/lib/languages/dockerfile';
import go from 'highlight.js/lib/languages/go';
import ini from 'highlight.js/lib/languages/ini';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import julia from 'highlight.js/lib/languages/julia';
import kotlin from 'highlight.js/lib/languages/kotlin';
import lua from 'highlight.js/lib/languages/lua';
import makefile from 'highlight.js/lib/languages/makefile';
import markdown from 'highlight.js/lib/languages/markdown';
import protobuf from 'highlight.js/lib/languages/protobuf';
import python from 'highlight.js/lib/languages/python';
import r from 'highlight.js/lib/languages/r';
import ruby from 'highlight.js/lib/languages/ruby';
import rust from 'highlight.js/lib/languages/rust';
import scala from 'highlight.js/lib/languages/scala';
import shell from 'highlight.js/lib/languages/shell';
import sql from 'highlight.js/lib/languages/sql';
import swift from 'highlight.js/lib/languages/swift';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';
import type { Line, Segment, Style } from './styled.js';

const LANGUAGES = { bash, c, cpp, csharp, diff, dockerfile, go, ini, java, javascript, json, julia, kotlin, lua, makefile, markdown, protobuf, python, r, ruby, rust, scala, shell, sql, swift, typescript, xml, yaml };
for (const [name, language] of Object.entries(LANGUAGES)) hljs.registerLanguage(name, language);
hljs.registerAliases(['cuda', 'cu'], { languageName: 'cpp' });
hljs.registerAliases(['toml'], { languageName: 'ini' });

/** Colours by highlight.js scope; a scope not listed takes its parent's colour (title.function → title). */
const SCOPES: Record<string, Style> = {
  keyword: { color: 'magenta' },
  'selector-tag': { color: 'magenta' },
  doctag: { color: 'magenta' },
  built_in: { color: 'cyan' },
  type: { color: 'cyan' },
  'title.class': { color: 'cyan' },
  'title.class.inherited': { color: 'cyan' },
  title: { color: 'blue' },
  section: { color: 'blue', bold: true },
  name: { color: 'blue' },
  string: { color: 'green' },
  regexp: { color: 'green' },
  symbol: { color: 'green' },
  addition: { color: 'green' },
  number: { color: 'yellow' },
  literal: { color: 'yellow' },
  meta: { color: 'yellow' },
  'template-variable': { color: 'yellow' },
  comment: { color: 'gray', italic: true },
  quote: { color: 'gray' },
  deletion: { color: 'red' },
  variable: { color: 'red' },
  attr: { color: 'red' },
  attribute: { color: 'red' },
  emphasis: { italic: true },
  strong: { bold: true },
};

/** The scope of a highlight.js class list: "hljs-title function_" is title.function. */
function scopeOf(classes: string): string {
  const [main, ...subs] = classes.split(/\s+/);
  return [main!.replace(/^hljs-/, ''), ...subs.map((s) => s.replace(/_+$/, ''))].join('.');
}

function styleOf(scope: string): Style | undefined {
  for (let s = scope; s; s = s.includes('.') ? s.slice(0, s.lastIndexOf('.')) : '') {
    if (SCOPES[s]) return SCOPES[s];
  }
  return undefined;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#x27': "'", '#39': "'" };

/** The language highlight.js knows under this name or alias, or undefined. */
export function knownLanguage(lang: string): string | undefined {
  return lang ? hljs.getLanguage(lang.toLowerCase())?.name : undefined;
}

/**
 * Code as highlighted lines (one per line of `code`), or undefined when the language is not one
 * this build knows: the caller shows the code in its one colour then.
 */
export function highlightCode(code: string, lang: string): Line[] | undefined {
  const name = lang.toLowerCase();
  if (!name || !hljs.getLanguage(name)) return undefined;
  const html = hljs.highlight(code, { language: name, ignoreIllegals: true }).value;
  const lines: Line[] = [[]];
  const stack: (Style | undefined)[] = [];
  const current = () => {
    for (let i = stack.length - 1; i >= 0; i--) if (stack[i]) return stack[i];
    return undefined;
  };
  const TOKEN = /<span class="([^"]*)">|<\/span>|([^<]+)/g;
  for (let m = TOKEN.exec(html); m; m = TOKEN.exec(html)) {
    if (m[1] !== undefined) stack.push(styleOf(scopeOf(m[1])));
    else if (m[2] === undefined) stack.pop();
    else {
      const text = m[2].replace(/&(amp|lt|gt|quot|#x27|#39);/g, (_, e: string) => ENTITIES[e]!);
      const style = current();
      text.split('\n').forEach((part, i) => {
        if (i > 0) lines.push([]);
        if (part) lines[lines.length - 1]!.push({ text: part, ...style } as Segment);
      });
    }
  }
  return lines;
}

/**
 * Code as highlight.js HTML (`<span class="hljs-…">`, text escaped), for the HTML export; undefined
 * when the language is not one this build knows.
 */
export function highlightHtml(code: string, lang: string): string | undefined {
  const name = lang.toLowerCase();
  if (!name || !hljs.getLanguage(name)) return undefined;
  return hljs.highlight(code, { language: name, ignoreIllegals: true }).value;
}
