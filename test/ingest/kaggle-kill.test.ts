/**
 * An import killed with SIGKILL halfway, then run again, ends with exactly the rows of an
 * uninterrupted import. The child reads from a named pipe so the kill lands at a known
 * point: after 5 batches are committed and while 50 more lines wait in memory.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { importKaggle } from '../../src/ingest/kaggle-import.ts';
import { fixedClock } from '../../src/shared/clock.ts';
import { createTestDb, forEachDialect, type TestDb } from '../support/db.ts';
import { fixturePath } from '../support/http.ts';
import { paperTablesSnapshot } from '../support/snapshot.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const lines = fs.readFileSync(fixturePath('kaggle/metadata-1000.jsonl'), 'utf8').trim().split('\n');

forEachDialect('kaggle import killed with SIGKILL', (dialect) => {
  const open: TestDb[] = [];
  afterEach(async () => {
    for (const db of open.splice(0)) await db.close();
  });

  for (const bulk of [false, true])
    it(`resumes and ends with the same rows as an uninterrupted import${bulk ? ' (--bulk)' : ''}`, {
      timeout: 120_000,
    }, async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paperboy-kill-'));
      const reference = await createTestDb(dialect);
      open.push(reference);
      await importKaggle(
        { db: reference, clock: fixedClock('2026-08-21T12:00:00Z') },
        fixturePath('kaggle/metadata-1000.jsonl'),
      );

      const db = await createTestDb(dialect, { sqlitePath: path.join(dir, 'paperboy.db') });
      open.push(db);
      const fifo = path.join(dir, 'snapshot.jsonl');
      execFileSync('mkfifo', [fifo]);
      // A clean environment: vitest sets variables (BASE_URL=/ …) that are not ours.
      const env = {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        TZ: 'UTC',
        PAPERBOY_DATA_DIR: dir,
        DATABASE_URL: db.url ?? '',
        PAPERBOY_DEMO: '0',
        LOG_LEVEL: 'silent',
      };
      const run = () =>
        // node with tsx's loader, not the tsx CLI: the CLI runs the program in a grandchild that
        // SIGKILL on the CLI would leave running.
        spawn(
          process.execPath,
          [
            '--import',
            'tsx',
            'src/main.ts',
            'import',
            'kaggle',
            fifo,
            '--batch-size',
            '100',
            ...(bulk ? ['--bulk'] : []),
          ],
          {
            cwd: ROOT,
            env,
            stdio: ['ignore', 'pipe', 'pipe'],
          },
        );

      // First run: 550 lines arrive, 500 are committed, then the process dies.
      const first = run();
      let log = '';
      first.stderr?.on('data', (d) => {
        log += d;
      });
      const firstExit = exited(first);
      const pipe1 = fs.createWriteStream(fifo);
      pipe1.on('error', () => {});
      pipe1.write(`${lines.slice(0, 550).join('\n')}\n`);
      await until(
        async () => (await checkpoint(db)) === 500,
        first,
        () => log,
      );
      first.kill('SIGKILL');
      expect((await firstExit).signal).toBe('SIGKILL');
      pipe1.destroy();
      expect(await db.kysely.selectFrom('papers').select('id').execute()).toHaveLength(500);
      if (bulk && db.sqlite) expect(await keywordHits(db)).toBe(0); // suspended until the end

      // Second run: the whole file; the committed lines are skipped.
      const second = run();
      const secondExit = exited(second);
      const pipe2 = fs.createWriteStream(fifo);
      pipe2.end(`${lines.join('\n')}\n`);
      const done = await secondExit;
      expect(done.code, done.output).toBe(0);
      expect(done.output).toContain('resumed after line 500');
      expect(done.output).toContain('papers: 500 new, 0 updated, 0 unchanged, 0 rejected');

      expect(await paperTablesSnapshot(db)).toEqual(await paperTablesSnapshot(reference));
      expect(await checkpoint(db)).toBeNull();
      if (db.sqlite) {
        // The keyword index matches the papers table again, as after a plain import.
        db.sqlite.exec(`INSERT INTO papers_fts(papers_fts, rank) VALUES ('integrity-check', 1)`);
        expect(await keywordHits(db)).toBe(await keywordHits(reference));
        expect(await keywordHits(db)).toBeGreaterThan(100);
      }
    });
});

/** Papers the SQLite keyword index finds for a common word. */
async function keywordHits(db: TestDb): Promise<number> {
  return db
    .sqlite!.prepare(`SELECT count(*) FROM papers_fts WHERE papers_fts MATCH 'the'`)
    .pluck()
    .get() as number;
}

async function checkpoint(db: TestDb): Promise<number | null> {
  const row = await db.kysely
    .selectFrom('ingest_state')
    .select('value')
    .where('key', 'like', 'kaggle:%')
    .executeTakeFirst();
  return row ? JSON.parse(row.value).line : null;
}

function exited(
  child: ChildProcess,
): Promise<{ code: number | null; signal: string | null; output: string }> {
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, output })));
}

/** Polls until `cond` holds; fails if the child exits first (a guard, not a timing assertion). */
async function until(cond: () => Promise<boolean>, child: ChildProcess, output: () => string) {
  for (;;) {
    if (await cond()) return;
    if (child.exitCode !== null) throw new Error(`child exited early with ${child.exitCode}: ${output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
