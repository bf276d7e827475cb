#!/usr/bin/env node
// `npx paperboy …`: runs the compiled program (dist/, built by `npm install` or `npm run
// build`) in this process; while dist/ is missing or older than a source file (a clone
// being edited), runs the TypeScript sources through tsx instead, so it is never stale.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Newest modification time of a source file (a few hundred stats: a few milliseconds). */
function newestSource(dir) {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestSource(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

function compiledIsFresh() {
  try {
    return fs.statSync(path.join(root, 'dist', '.stamp')).mtimeMs >= newestSource(path.join(root, 'src'));
  } catch {
    return false;
  }
}

if (compiledIsFresh()) {
  await import('../dist/bin/main.js');
} else {
  const tsx = createRequire(import.meta.url).resolve('tsx/cli');
  const main = path.join(root, 'src', 'main.ts');
  const r = spawnSync(process.execPath, [tsx, main, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
