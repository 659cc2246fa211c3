// Every user-facing string comes from the catalogs (src/i18n/): a sentence written anywhere else
// in src/ fails this test. "A sentence" is a string or template with two words in a row, or any
// Chinese, outside what is not text for people: imports, types, object keys, regular
// expressions, `throw new Error` (a programming error), and lines marked `// not-ui: why`
// (SQL, CSS, file formats another program reads).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { en } from '../src/i18n/en.js';
import { zh } from '../src/i18n/zh.js';

const SRC = join(import.meta.dirname, '..', 'src');

/** Files whose strings have not moved to the catalogs yet. This list only shrinks. */
const PENDING = new Set<string>([]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'i18n' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

const SENTENCE = /[A-Za-z]{2,}[,;:]? +[A-Za-z]{2,}|[\u3400-\u9fff]/;

function sentences(file: string): { line: number; text: string }[] {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const lines = text.split('\n');
  const found: { line: number; text: string }[] = [];
  const exempt = (node: ts.Node): boolean => {
    for (let n: ts.Node | undefined = node; n; n = n.parent) {
      if (ts.isImportDeclaration(n) || ts.isExportDeclaration(n) || ts.isTypeNode(n) || ts.isLiteralTypeNode(n)) return true;
      if (ts.isNewExpression(n) && n.expression.getText() === 'Error') return true;
      if (ts.isPropertyAssignment(n) && n.name === node) return true;
      if (ts.isCallExpression(n) && /^(require|createRequire)$/.test(n.expression.getText())) return true;
    }
    const line = source.getLineAndCharacterOfPosition(node.getStart()).line;
    return /\/\/ not-ui\b/.test(lines[line] ?? '') || /\/\/ not-ui\b/.test(lines[line - 1] ?? '');
  };
  const visit = (node: ts.Node) => {
    let value: string | undefined;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) value = node.text;
    else if (ts.isTemplateExpression(node)) value = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ');
    else if (ts.isJsxText(node)) value = node.text;
    if (value !== undefined && SENTENCE.test(value) && !exempt(node)) {
      found.push({ line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, text: value.slice(0, 60) });
      if (ts.isTemplateExpression(node)) return;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('user-facing text', () => {
  it('is written only in the catalogs', () => {
    const outside = sourceFiles(SRC)
      .filter((f) => !PENDING.has(relative(SRC, f).split('\\').join('/')))
      .flatMap((f) => sentences(f).map((s) => `${relative(SRC, f)}:${s.line}: ${JSON.stringify(s.text)}`));
    expect(outside).toEqual([]);
  });

  it('has every English message in Chinese too, and nothing more', () => {
    const keys = (o: object, prefix = ''): string[] =>
      Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' && !Array.isArray(v) ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
    expect(keys(zh).sort()).toEqual(keys(en).sort());
  });
});
