/**
 * `paperboy backup` / `paperboy restore` (ops/backup.repo.ts): a backup of a live
 * instance, restored elsewhere, serves the same pages; a damaged or foreign file and an
 * occupied target are refused with a clear error and nothing overwritten.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findOrCreateUserByEmail } from '../../src/community/users.repo.ts';
import { setVote } from '../../src/community/votes.repo.ts';
import { connect, type Db } from '../../src/db/connect.ts';
import { importHfDaily } from '../../src/ingest/ingest.ts';
import {
  BackupError,
  backupPostgres,
  backupSqlite,
  restorePostgres,
  restoreSqlite,
} from '../../src/ops/backup.repo.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createTestDb, forEachDialect, type TestDb } from '../support/db.ts';

const FIXTURES = new URL('../fixtures/hf-daily/', import.meta.url).pathname;
const PAGES = ['/', '/papers/2509.22622', '/papers/trending', '/api/daily_papers?limit=50', '/users/'];

/** The pages an anonymous reader gets (the member's profile included). */
async function pages(t: TestApp, handle: string): Promise<string[]> {
  const out: string[] = [];
  for (const url of PAGES) {
    const res = await t.app.inject(url === '/users/' ? `/users/${handle}` : url);
    expect(res.statusCode, url).toBe(200);
    out.push(res.body);
  }
  return out;
}

forEachDialect('backup and restore', (dialect) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paperboy-backup-'));
  let source: TestDb;
  let t: TestApp;
  let handle: string;
  beforeAll(async () => {
    source = await createTestDb(dialect, { sqlitePath: path.join(dir, 'live', 'paperboy.db') });
    t = await createTestApp(dialect, { db: source });
    await importHfDaily(t.deps, FIXTURES);
    const { user } = await findOrCreateUserByEmail(source, 'reader@example.org', t.clock.now());
    handle = user.handle;
    const paper = await source.kysely
      .selectFrom('papers')
      .select('id')
      .where('arxiv_id', '=', '2509.22622')
      .executeTakeFirstOrThrow();
    await setVote(source, { paperId: paper.id, userId: user.id, up: true, now: t.clock.now() });
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('backup → restore → the same pages', async () => {
    const before = await pages(t, handle);
    expect(before[0]).toContain('data-upvotes=');
    const file = path.join(dir, dialect === 'sqlite' ? 'backup.db' : 'backup.dump');
    let restored: Db;
    let cleanup: () => Promise<void>;
    if (dialect === 'sqlite') {
      // Online: the app keeps its connection open (and could write) during the backup.
      const seen: number[] = [];
      const r = await backupSqlite(source, file, (p) => seen.push(p.done));
      expect(r.pages).toBeGreaterThan(0);
      expect(seen.at(-1)).toBe(r.pages);
      expect(fs.existsSync(`${file}.partial`)).toBe(false);
      const target = path.join(dir, 'restored', 'paperboy.db');
      restoreSqlite(file, target, { force: false });
      restored = connect({ sqlitePath: target });
      cleanup = () => restored.close();
    } else {
      const r = await backupPostgres(source.url!, file);
      expect(r.bytes).toBeGreaterThan(0);
      const empty = await createTestDb('postgres', { migrate: false });
      await restorePostgres(empty.url!, file);
      // A second restore into the now populated database is refused.
      await expect(restorePostgres(empty.url!, file)).rejects.toThrow(/not empty/);
      restored = empty;
      cleanup = () => empty.close();
    }
    try {
      const copy = await createTestApp(dialect, { db: restored });
      // Similar papers tied in score come back in the table's physical order, which a
      // PostgreSQL restore does not keep: that list is compared as a set of papers.
      const steady = (html: string) =>
        html.replace(/<section class="similar-papers"[\s\S]*?<\/section>/, (m) =>
          [...m.matchAll(/href="\/papers\/([^"#]+)"/g)]
            .map((x) => x[1])
            .sort()
            .join(' '),
        );
      const after = await pages(copy, handle);
      for (const [i, url] of PAGES.entries()) expect(steady(after[i]!), url).toBe(steady(before[i]!));
      await copy.app.close();
    } finally {
      await cleanup();
    }
  });

  if (dialect === 'sqlite')
    it('refuses a damaged or foreign file and an existing database, touching nothing', async () => {
      const target = path.join(dir, 'occupied', 'paperboy.db');
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, 'precious');
      const good = path.join(dir, 'good.db');
      await backupSqlite(source, good);
      expect(() => restoreSqlite(good, target, { force: false })).toThrow(
        /exists; stop the server and pass --force/,
      );
      const junk = path.join(dir, 'junk.db');
      fs.writeFileSync(junk, 'not a database at all');
      expect(() => restoreSqlite(junk, target, { force: true })).toThrow(BackupError);
      const foreign = path.join(dir, 'foreign.db');
      const other = connect({ sqlitePath: foreign });
      await other.close();
      expect(() => restoreSqlite(foreign, target, { force: true })).toThrow(/not a Paperboy database/);
      expect(fs.readFileSync(target, 'utf8')).toBe('precious');
      restoreSqlite(good, target, { force: true });
      expect(fs.readFileSync(target).subarray(0, 15).toString()).toBe('SQLite format 3');
    });
});
