/**
 * Compiles the SQLite ranking extension (src/search/native/bm25.c: FTS5's bm25 with
 * document counts passed in) into dist/native/, with the system C compiler (`CC`, default
 * `cc`) against better-sqlite3's own SQLite headers, so it matches the SQLite it loads into.
 * Without a compiler the build goes on: search then ranks with FTS5's bm25(), in the same
 * order, slower at a million papers (docs/SEARCH.md).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The library's file name on this platform (src/search/rank.repo.ts loads it). */
export const RANKER_FILE = `pb_bm25.${process.platform === 'win32' ? 'dll' : process.platform === 'darwin' ? 'dylib' : 'so'}`;

/** Builds the library into `outDir`; returns its path, or null (with the reason printed) when it could not. */
export function buildRanker(root, outDir) {
  const headers = path.join(
    path.dirname(createRequire(path.join(root, 'package.json')).resolve('better-sqlite3/package.json')),
    'deps',
    'sqlite3',
  );
  const out = path.join(outDir, RANKER_FILE);
  fs.mkdirSync(outDir, { recursive: true });
  const cc = process.env.CC || 'cc';
  const args = ['-O2', '-fPIC', '-shared', '-I', headers, path.join(root, 'src/search/native/bm25.c'), '-o', out, '-lm'];
  const r = spawnSync(cc, args, { encoding: 'utf8' });
  if (r.status === 0) return out;
  const why = r.error ? r.error.message : (r.stderr || r.stdout || `exit ${r.status}`).trim();
  console.warn(`paperboy: no native ranker (${cc}: ${why}); keyword search ranks with FTS5's bm25()`);
  return null;
}
