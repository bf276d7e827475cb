/**
 * `paperboy copy`: a populated SQLite instance (demo + community activity) copied into an
 * empty PostgreSQL database has every table's rows; a copy killed halfway (SIGKILL) or
 * failing halfway resumes on a re-run with the same result and no duplicates; targets
 * with other data are refused; the site on PostgreSQL then serves the same pages and API.
 * Vectors go along into PostgreSQL with pgvector (PGlite here).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOrCreateUserByEmail } from '../../src/community/users.repo.ts';
import { connect, type Db } from '../../src/db/connect.ts';
import { CopyRefusedError, type CopyReport, copyDatabase, copyInstance } from '../../src/db/copy.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { importBatch } from '../../src/papers/papers.repo.ts';
import { paperVector, storeEmbeddings, vectorSupport } from '../../src/search/vectors.repo.ts';
import { createTestApp } from '../support/app.ts';
import { signedInClient } from '../support/client.ts';
import { type CommunityInstance, communityInstance, NOW } from '../support/community-instance.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { HAS_PG } from '../support/env.ts';
import { makePaper } from '../support/factories.ts';
import { createPgliteDb } from '../support/pglite.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Rows per table, counted by each database itself. */
async function counts(db: Db, tables: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of tables) {
    const r = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(t)}`.execute(db.kysely);
    out[t] = Number(r.rows[0]!.n);
  }
  return out;
}

async function targetTables(db: Db): Promise<string[]> {
  const r = await sql<{ table_name: string }>`SELECT table_name FROM information_schema.tables
    WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`.execute(
    db.kysely,
  );
  return r.rows.map((row) => row.table_name);
}

/** The target's own tables: bookkeeping, and its keyword index (filled from the copied papers). */
const OWN = [
  'kysely_migration',
  'kysely_migration_lock',
  'data_versions',
  'paperboy_copy_source',
  'paper_search',
];

/** Rows the target holds in the tables a copy writes. */
async function heldRows(db: Db): Promise<number> {
  const tables = (await targetTables(db)).filter((t) => !OWN.includes(t));
  return Object.values(await counts(db, tables)).reduce((a, b) => a + b, 0);
}

/**
 * A page without its "Similar papers" section: without vectors those are the papers
 * sharing the most distinctive words, ranked by each database's own text engine (FTS5
 * bm25 or PostgreSQL's tsvector), which, like search, are not meant to rank alike.
 */
function withoutSimilar(html: string): string {
  return html.replace(/<section class="similar-papers"[\s\S]*?<\/section>/, '<similar/>');
}

const total = (r: CopyReport) => r.tables.reduce((n, t) => n + t.rows, 0);
const written = (r: CopyReport) => r.tables.reduce((n, t) => n + t.copied, 0);
const verdicts = (r: CopyReport) => r.tables.map((t) => [t.table, t.rows, t.targetRows, t.targetChecksum]);

describe.skipIf(!HAS_PG)('paperboy copy: SQLite → PostgreSQL', () => {
  let dir: string;
  let sqlitePath: string;
  let inst: CommunityInstance;
  let reference: CopyReport | undefined;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paperboy-copy-'));
    sqlitePath = path.join(dir, 'paperboy.db');
    inst = await communityInstance(sqlitePath);
  }, 180_000);

  afterAll(async () => {
    await inst?.t.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('copies every table of a community instance: equal rows and checksums, same pages, new ids after the old', async () => {
    const target = await createTestDb('postgres');
    const seen = { copy: 0, verify: 0, total: 0 };
    const report = await copyInstance({
      sqlitePath,
      databaseUrl: target.url!,
      batchSize: 200,
      onProgress: (stage, done, total) => {
        seen[stage] = done;
        seen.total = total;
      },
    });
    reference = report;
    const rows = total(report);
    expect(seen).toEqual({ copy: rows, verify: rows, total: rows });
    expect(report.ok).toBe(true);
    expect(report.tables.filter((t) => !t.ok)).toEqual([]);
    expect(report.rebuilt).toContain('papers_fts');

    // Every table the target's migrations made was copied, except its own bookkeeping.
    const copied = report.tables.map((t) => t.table);
    const vectors = (await vectorSupport(target)).ok;
    expect([...copied].sort()).toEqual((await targetTables(target)).filter((t) => !OWN.includes(t)));
    if (vectors) expect(copied).toContain('paper_embeddings');
    else expect(report.skipped).toEqual([expect.objectContaining({ table: 'paper_embeddings', rows: 5 })]);
    // The community really wrote each of its tables, and both databases count the same rows.
    const busy = report.tables.filter((t) => t.rows > 0).map((t) => t.table);
    for (const t of [
      'papers',
      'authors',
      'paper_authors',
      'organizations',
      'daily_entries',
      'users',
      'sessions',
      'votes',
      'comments',
      'comment_flags',
      'moderation_log',
      'api_tokens',
      'follows',
      'library_folders',
      'library_items',
      'paper_marks',
      'subscriptions',
      'mail_confirmations',
      'editions',
      'outbox',
      'jobs',
      'rate_limit_counters',
      'ingest_state',
    ])
      expect(busy).toContain(t);
    const source = inst.t.db;
    expect(await counts(target, copied)).toEqual(await counts(source, copied));
    // Every copied paper is in the keyword index, though triggers were off while copying.
    expect((await counts(target, ['paper_search'])).paper_search).toBe(
      (await counts(source, ['papers'])).papers,
    );
    // Parents come before children.
    expect(copied.indexOf('papers')).toBeLessThan(copied.indexOf('votes'));
    expect(copied.indexOf('users')).toBeLessThan(copied.indexOf('comments'));
    expect(copied.indexOf('subscriptions')).toBeLessThan(copied.indexOf('outbox'));

    // A second run finds the copy complete and writes nothing.
    const again = await copyInstance({ sqlitePath, databaseUrl: target.url! });
    expect(again.alreadyComplete).toBe(true);
    expect(again.tables.every((t) => t.ok && t.copied === 0)).toBe(true);

    // The site on PostgreSQL serves the same pages and API answers as on SQLite.
    const pg = await createTestApp('postgres', { db: target, now: NOW });
    try {
      for (const url of [
        '/',
        '/papers/trending',
        `/papers/${inst.discussed}`,
        `/papers/${inst.submitted}`,
        `/users/${inst.handle}`,
        '/api/daily_papers?date=2026-08-21',
        `/api/papers/${inst.discussed}`,
        `/api/lists/users/${inst.handle}`,
      ]) {
        const [a, b] = [await inst.t.app.inject(url), await pg.app.inject(url)];
        expect(b.statusCode, url).toBe(200);
        expect(withoutSimilar(b.body), url).toBe(withoutSimilar(a.body));
      }
      expect((await inst.t.app.inject(`/papers/${inst.discussed}`)).body).toContain(
        'Does <strong>this</strong> hold',
      );

      // Identity counters moved past the copied ids: new members and comments get new ids.
      const maxUser = Math.max(
        ...(await target.kysely.selectFrom('users').select('id').execute()).map((u) => u.id),
      );
      const newcomer = await signedInClient(pg, 'newcomer@example.org');
      expect(newcomer.user!.id).toBe(maxUser + 1);
      const posted = await newcomer.post('/comments', {
        paper: inst.discussed,
        body: 'Hello from PostgreSQL',
      });
      expect(posted.statusCode).toBe(303);
    } finally {
      await pg.close();
    }
  }, 180_000);

  it('a copy SIGKILLed halfway resumes when run again: the same rows, none twice', async () => {
    const target = await createTestDb('postgres');
    try {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'test/support/copy-child.ts', sqlitePath, target.url!, '100', '40'],
        { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let output = '';
      child.stdout.on('data', (d) => (output += d));
      child.stderr.on('data', (d) => (output += d));
      const signal = await new Promise((resolve) => child.on('exit', (_code, s) => resolve(s)));
      expect(signal, output).toBe('SIGKILL');

      // Half a copy: some rows, not all, and the scratch table naming its source.
      expect(await targetTables(target)).toContain('paperboy_copy_source');
      const partial = await heldRows(target);
      expect(partial).toBeGreaterThan(0);

      // Another source may not take over the unfinished copy.
      const other = connect({ sqlitePath: ':memory:' });
      await migrateToLatest(other);
      await expect(copyDatabase(other, target, { sourceName: '/elsewhere/paperboy.db' })).rejects.toThrow(
        CopyRefusedError,
      );
      await other.close();

      const report = await copyInstance({ sqlitePath, databaseUrl: target.url! });
      expect(report.ok).toBe(true);
      expect(report.resumed).toBe(true);
      // Each row the killed run committed was kept, and only the others were written.
      expect(partial).toBeLessThan(total(report));
      expect(written(report)).toBe(total(report) - partial);
      expect(await targetTables(target)).not.toContain('paperboy_copy_source');
      expect(
        await counts(
          target,
          report.tables.map((t) => t.table),
        ),
      ).toEqual(
        await counts(
          inst.t.db,
          report.tables.map((t) => t.table),
        ),
      );
      if (reference) expect(verdicts(report)).toEqual(verdicts(reference));
    } finally {
      await target.close();
    }
  }, 180_000);

  it('a copy failing halfway (lost connection, full disk) resumes when run again', async () => {
    const target = await createTestDb('postgres');
    try {
      let batches = 0;
      const failing = copyInstance({
        sqlitePath,
        databaseUrl: target.url!,
        batchSize: 50,
        onProgress: (stage) => {
          if (stage === 'copy' && ++batches === 7) throw new Error('connection lost');
        },
      });
      await expect(failing).rejects.toThrow('connection lost');
      const partial = await heldRows(target);
      expect(partial).toBeGreaterThan(0);
      const report = await copyInstance({ sqlitePath, databaseUrl: target.url!, batchSize: 50 });
      expect(report.ok).toBe(true);
      expect(report.resumed).toBe(true);
      expect(written(report)).toBe(total(report) - partial);
      if (reference) expect(verdicts(report)).toEqual(verdicts(reference));
    } finally {
      await target.close();
    }
  }, 180_000);

  it('refuses a target that holds other data, and leaves it as it was', async () => {
    const target: TestDb = await createTestDb('postgres');
    try {
      await findOrCreateUserByEmail(target, 'someone@example.org', new Date(NOW));
      const attempt = copyInstance({ sqlitePath, databaseUrl: target.url! });
      await expect(attempt).rejects.toThrow(CopyRefusedError);
      await expect(attempt).rejects.toThrow(/not empty \(users: 1 rows\)/);
      expect(await counts(target, ['users', 'papers'])).toEqual({ users: 1, papers: 0 });
      expect(await targetTables(target)).not.toContain('paperboy_copy_source');
    } finally {
      await target.close();
    }
  }, 60_000);
});

describe('paperboy copy: vectors into PostgreSQL with pgvector (PGlite)', () => {
  it('copies the stored vectors; they compare equal and search finds them', async () => {
    const source = connect({ sqlitePath: ':memory:' });
    await migrateToLatest(source);
    const target = await createPgliteDb();
    try {
      const papers = [makePaper(), makePaper(), makePaper()];
      await importBatch(source, papers, [], { source: 'test', now: new Date(NOW) });
      const vector = (seed: number) =>
        Float32Array.from({ length: 16 }, (_, i) => Math.cos(seed + i * 0.37) / 7);
      await storeEmbeddings(
        source,
        papers.map((_, i) => ({ paperId: i + 1, vector: vector(i) })),
        'test-model',
        new Date(NOW),
      );
      const report = await copyDatabase(source, target, { sourceName: 'memory', batchSize: 2 });
      expect(report.ok).toBe(true);
      expect(report.skipped).toEqual([]);
      expect(report.tables.find((t) => t.table === 'paper_embeddings')).toMatchObject({ rows: 3, ok: true });
      for (const id of [1, 2, 3])
        expect(await paperVector(target, id)).toEqual(await paperVector(source, id));
    } finally {
      await source.close();
      await target.close();
    }
  }, 60_000);
});
