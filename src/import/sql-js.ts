// sql.js: SQLite compiled to WebAssembly (no native build). Anki packages are read with it (the
// exporter writes its files itself: export/sqlite-file.ts).
import { createRequire } from 'node:module';

type SqlJs = { Database: new () => { run(sql: string, params?: unknown[]): void; exec(sql: string): unknown; prepare(sql: string): { run(params: unknown[]): void; free(): void }; export(): Uint8Array; close(): void } };

let sqlPromise: Promise<SqlJs> | undefined;

/** sql.js loads its WebAssembly once per process. */
export function loadSqlJs(): Promise<SqlJs> {
  const require = createRequire(import.meta.url);
  sqlPromise ??= (require('sql.js') as (config: object) => Promise<SqlJs>)({ locateFile: (f: string) => require.resolve(`sql.js/dist/${f}`) });
  return sqlPromise;
}
