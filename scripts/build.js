#!/usr/bin/env node
/**
 * Compiles the program to JavaScript in dist/ (run by `npm install` / `npm ci` through the
 * `prepare` script, and by hand with `npm run build`), so `paperboy` starts on plain Node
 * instead of transpiling TypeScript through tsx on every run. esbuild bundles src/main.ts
 * with code splitting: each command's dynamic imports become chunks loaded only when that
 * command runs. Packages stay external (node_modules). Every output file sits two folders
 * below the project root, like the sources (src/<area>/x.ts), so paths a module builds
 * from import.meta.url ('../../data/…', '../../src/web/…') mean the same in both.
 * It then builds the browser's files (the client bundle and the minified stylesheet) into
 * dist/assets/, so the server reads them at start instead of running esbuild
 * (src/web/bundle.ts), and the SQLite ranking extension into dist/native/ when a C compiler
 * is there (scripts/build-native.js). dist/.stamp records the build; bin/paperboy.js falls
 * back to tsx while it is older than any source file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { buildRanker } from './build-native.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
fs.rmSync(dist, { recursive: true, force: true });
const started = performance.now();
const result = await build({
  absWorkingDir: root,
  // bundle.ts is an entry of its own so this script can call it once compiled; the
  // similar-papers index's worker thread loads its own (src/search/similar-build.ts).
  entryPoints: ['src/main.ts', 'src/web/bundle.ts', 'src/search/similar-worker.ts'],
  outdir: 'dist',
  entryNames: 'bin/[name]',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
});
const { writeAssets } = await import(path.join(dist, 'bin', 'bundle.js'));
const assets = await writeAssets();
const ranker = buildRanker(root, path.join(dist, 'native'));
fs.writeFileSync(path.join(dist, '.stamp'), new Date().toISOString());
const files = Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.js')).length;
console.log(
  `paperboy: compiled to dist/ (${files} files) and built ${[...assets, ...(ranker ? [path.relative(dist, ranker)] : [])].join(', ')} in ${Math.round(performance.now() - started)} ms`,
);
