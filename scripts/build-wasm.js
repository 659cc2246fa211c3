// Compiles the WebAssembly text of src/ (src/**/NAME.wat) into NAME-wasm.ts beside it: the module's
// bytes in base64, which the bundles carry like any other code. Run after editing a .wat file;
// test/curve-select.test.ts fails while a compiled file is not the compilation of its text.
//
//   node scripts/build-wasm.js          writes the compiled files
//   compiledWasm(path) (imported)       what a .wat file compiles to, as that file's text
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';

const src = fileURLToPath(new URL('../src/', import.meta.url));

/** The .wat files under src/. */
export function watFiles() {
  return readdirSync(src, { recursive: true })
    .filter((f) => f.endsWith('.wat'))
    .map((f) => join(src, f));
}

/** The TypeScript file a .wat compiles to: its path, and its text. */
export async function compiledWasm(watPath) {
  const wabt = await wabtInit();
  const name = basename(watPath, '.wat');
  const module = wabt.parseWat(basename(watPath), readFileSync(watPath, 'utf8'));
  try {
    module.validate();
    const bytes = Buffer.from(module.toBinary({}).buffer);
    const constant = name.toUpperCase().replace(/[^A-Z0-9]/g, '_') + '_WASM';
    const text = `// Compiled from ${name}.wat by scripts/build-wasm.js: do not edit.\nexport const ${constant} = '${bytes.toString('base64')}';\n`;
    return { path: watPath.replace(/\.wat$/, '-wasm.ts'), text };
  } finally {
    module.destroy();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const wat of watFiles()) {
    const { path, text } = await compiledWasm(wat);
    writeFileSync(path, text);
    console.log(`${path}: ${text.length} bytes`);
  }
}
