/**
 * The compiled program (dist/, what `npm install` builds and `npx paperboy` runs): it must
 * behave like the sources. Paths built from import.meta.url (stylesheet, browser code,
 * demo data) are the usual casualty of compiling into another folder, so the server is
 * asked for a page and the assets it links.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../bench/server.ts';
import { connect } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { importBatch } from '../../src/papers/papers.repo.ts';
import { paperTextBatches } from '../../src/search/similar.repo.ts';
import { buildInWorker } from '../../src/search/similar-build.ts';
import { buildSimilarIndex } from '../../src/search/similar-index.ts';
import { makePaper } from '../support/factories.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const run = (args: string[], env: Record<string, string> = {}) =>
  execFileSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env } });

describe('the compiled program', () => {
  let child: ChildProcess | undefined;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'paperboy-compiled-'));
  beforeAll(() => {
    run(['scripts/build.js']);
  }, 120_000);
  afterAll(() => {
    child?.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs from dist/ once built, and lists every command', () => {
    expect(fs.existsSync(path.join(ROOT, 'dist', 'bin', 'main.js'))).toBe(true);
    const help = run(['bin/paperboy.js', '--help']);
    for (const command of [
      'serve',
      'migrate',
      'ingest',
      'digest',
      'embed',
      'eval',
      'admin',
      'webhooks',
      'jobs',
    ])
      expect(help).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
  });

  it('serves pages with their stylesheet and browser code', async () => {
    const port = await freePort();
    child = spawn(process.execPath, ['bin/paperboy.js', 'serve', '--role', 'web'], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: {
        ...process.env,
        DATABASE_URL: '',
        PAPERBOY_DATA_DIR: dataDir,
        PAPERBOY_DEMO: '0',
        PORT: String(port),
        BASE_URL: `http://127.0.0.1:${port}`,
        HOST: '127.0.0.1',
        EMBEDDER: 'off',
        LOG_LEVEL: 'warn',
      },
    });
    let stderr = '';
    child.stderr!.on('data', (d) => {
      stderr += d;
    });
    const origin = `http://127.0.0.1:${port}`;
    let home: Response | undefined;
    while (!home) {
      if (child.exitCode !== null) throw new Error(`serve exited with ${child.exitCode}: ${stderr}`);
      home = await fetch(`${origin}/`).catch(() => undefined);
      if (!home) await new Promise((r) => setTimeout(r, 100));
    }
    expect(home.status).toBe(200);
    const html = await home.text();
    const assets = [...html.matchAll(/(?:href|src)="(\/assets\/[^"?]+\.(?:css|js)(?:\?[^"]*)?)"/g)].map(
      (m) => m[1]!,
    );
    expect(assets.some((a) => a.includes('.css'))).toBe(true);
    expect(assets.some((a) => a.includes('.js'))).toBe(true);
    for (const a of assets) {
      const res = await fetch(`${origin}${a}`);
      expect([a, res.status]).toEqual([a, 200]);
      expect((await res.text()).length).toBeGreaterThan(100);
    }
    // The browser's files come from the build (dist/assets), not from esbuild at start.
    for (const name of ['app.js', 'app.css']) {
      const built = fs.readFileSync(path.join(ROOT, 'dist', 'assets', name), 'utf8');
      expect(await (await fetch(`${origin}/assets/${name}`)).text()).toBe(built);
    }
  }, 120_000);

  it('builds the similar-papers index in its compiled worker thread', async () => {
    // The worker's entry as the compiled code finds it: relative to its own chunk.
    const chunks = path.join(ROOT, 'dist', 'chunks');
    const spec = '../../dist/bin/similar-worker.js';
    const chunk = fs
      .readdirSync(chunks)
      .find((f) => f.endsWith('.js') && fs.readFileSync(path.join(chunks, f), 'utf8').includes(`"${spec}"`));
    expect(chunk).toBeDefined();
    const entry = new URL(spec, pathToFileURL(path.join(chunks, chunk!)));
    expect(fs.existsSync(entry)).toBe(true);
    const db = connect({ sqlitePath: path.join(dataDir, 'worker.db') });
    try {
      await migrateToLatest(db);
      const words = ['graph networks', 'molecular toxicity', 'speech recognition'];
      await importBatch(
        db,
        words.flatMap((w, i) => [
          makePaper({ title: `${w} one ${i}`, abstract: `${w} and ${words[(i + 1) % 3]}.` }),
          makePaper({ title: `${w} two ${i}`, abstract: `more ${w}.` }),
        ]),
        [],
        { source: 'test', now: new Date('2026-08-21T00:00:00Z') },
      );
      const built = await buildInWorker(db.source!, entry);
      expect(built).not.toBeNull();
      expect(built!.docs.length).toBeGreaterThan(0);
      expect(built).toEqual(await buildSimilarIndex(() => paperTextBatches(db)));
    } finally {
      await db.close();
    }
  }, 60_000);
});
