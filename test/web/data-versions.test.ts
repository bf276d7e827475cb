/**
 * The page cache is never stale, whoever writes: writes through a second connection to
 * the same database (as another process or node makes them) show on the very next
 * anonymous request, while writes unrelated to what a page shows (sessions, sign-in
 * links, new accounts, another database on the same server) leave it cached.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeProfile } from '../../src/community/account.ts';
import { createLoginLink, startSession } from '../../src/community/auth.ts';
import { editComment, postComment } from '../../src/community/comments.ts';
import { findOrCreateUserByEmail } from '../../src/community/users.repo.ts';
import { vote } from '../../src/community/votes.ts';
import { connect, type Db } from '../../src/db/connect.ts';
import { dataVersions } from '../../src/feed/version.repo.ts';
import { importBatch } from '../../src/papers/papers.repo.ts';
import { ensureVectorTables } from '../../src/search/vectors.repo.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createTestDb, forEachDialect } from '../support/db.ts';
import { makePaper } from '../support/factories.ts';

forEachDialect('data versions', (dialect) => {
  let t: TestApp;
  let other: Db;
  let dir: string;
  const paper = makePaper({ title: 'Caches that are never stale' });
  const paperUrl = `/papers/${paper.arxivId}`;
  const dayUrl = '/papers/date/2026-08-21';

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paperboy-versions-'));
    const file = path.join(dir, 'paperboy.db');
    const db = await createTestDb(dialect, { sqlitePath: file });
    t = await createTestApp(dialect, { db });
    // A second connection to the same database: another process or node.
    other = dialect === 'sqlite' ? connect({ sqlitePath: file }) : connect({ databaseUrl: db.url! });
    await importBatch(
      t.db,
      [paper],
      [{ arxivId: paper.arxivId, feedDate: '2026-08-21', submittedAt: '2026-08-21T08:00:00.000Z' }],
      { source: 'test', now: t.clock.now() },
    );
  });
  afterAll(async () => {
    await other.close();
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const otherDeps = () => ({ db: other, clock: t.clock, config: t.deps.config });
  const cached = async (url: string) => (await t.app.inject(url)).headers['x-page-cache'];
  /** Both pages rendered once and served from the cache since. */
  const warm = async () => {
    for (const url of [paperUrl, dayUrl]) await t.app.inject(url);
    expect([await cached(paperUrl), await cached(dayUrl)]).toEqual(['hit', 'hit']);
  };

  it('keeps pages cached through writes they do not show', async () => {
    await warm();
    const { user } = await findOrCreateUserByEmail(other, 'newcomer@example.org', t.clock.now());
    await startSession(otherDeps(), user.id, 'test');
    await createLoginLink(otherDeps(), 'someone@example.org');
    // PostgreSQL: a whole other database on the same server, created and migrated.
    if (dialect === 'postgres') await (await createTestDb('postgres')).close();
    expect([await cached(paperUrl), await cached(dayUrl)]).toEqual(['hit', 'hit']);
  });

  it('shows a vote from another connection on the next request', async () => {
    await warm();
    const { user } = await findOrCreateUserByEmail(other, 'voter@example.org', t.clock.now());
    await vote(otherDeps(), user, paper.arxivId, true);
    const page = await t.app.inject(paperUrl);
    expect(page.headers['x-page-cache']).toBe('miss');
    expect(page.body).toContain('@voter');
    expect(await cached(dayUrl)).toBe('miss');
  });

  it('re-renders the paper page, not the feed, when only a comment body changes', async () => {
    const { user } = await findOrCreateUserByEmail(other, 'critic@example.org', t.clock.now());
    const c = await postComment(otherDeps(), user, { arxivId: paper.arxivId, body: 'First take' });
    // The new comment moves the paper's comment count: both pages show it.
    expect([await cached(paperUrl), await cached(dayUrl)]).toEqual(['miss', 'miss']);
    await editComment(otherDeps(), user, c.id, 'Second thoughts');
    const page = await t.app.inject(paperUrl);
    expect(page.headers['x-page-cache']).toBe('miss');
    expect(page.body).toContain('Second thoughts');
    expect(await cached(dayUrl)).toBe('hit');

    await changeProfile(other, user, { handle: 'critic', displayName: 'Renamed Critic' });
    const renamed = await t.app.inject(paperUrl);
    expect(renamed.headers['x-page-cache']).toBe('miss');
    expect(renamed.body).toContain('Renamed Critic');
    expect(await cached(dayUrl)).toBe('miss');
  });

  it('moves a version only when its transaction commits', async () => {
    const before = await dataVersions(t.db);
    await other.kysely
      .transaction()
      .execute(async (trx) => {
        await trx
          .updateTable('papers')
          .set({ title: 'Rolled back' })
          .where('arxiv_id', '=', paper.arxivId)
          .execute();
        throw new Error('abort');
      })
      .catch(() => {});
    expect(await dataVersions(t.db)).toEqual(before);
    // Two writes of one domain in one transaction.
    await other.kysely.transaction().execute(async (trx) => {
      for (const title of ['One', 'Two'])
        await trx.updateTable('papers').set({ title }).where('arxiv_id', '=', paper.arxivId).execute();
    });
    const after = await dataVersions(t.db);
    expect(after.get('papers')).toBeGreaterThan(before.get('papers')!);
    for (const d of ['votes', 'comments', 'users']) expect(after.get(d)).toBe(before.get(d));
  });
});

forEachDialect('data versions of a fresh database', (dialect) => {
  it('has one version per domain', async () => {
    const db = await createTestDb(dialect);
    expect([...(await dataVersions(db)).keys()].sort()).toEqual(['comments', 'papers', 'users', 'votes']);
    await db.close();
  });
});

describe('data versions read once per commit (SQLite)', () => {
  it('answers from the last read until a transaction commits on any connection', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paperboy-mark-'));
    const file = path.join(dir, 'paperboy.db');
    const db = await createTestDb('sqlite', { sqlitePath: file });
    const other = connect({ sqlitePath: file });
    try {
      const first = await dataVersions(db);
      expect(await dataVersions(db)).toBe(first);
      // A rolled-back write commits nothing: still the same read.
      await other.kysely
        .transaction()
        .execute(async (trx) => {
          await sql`UPDATE data_versions SET version = version + 1`.execute(trx);
          throw new Error('abort');
        })
        .catch(() => {});
      expect(await dataVersions(db)).toBe(first);
      // Any commit makes the next call read again (here: the same versions)…
      await findOrCreateUserByEmail(other, 'reader@example.org', new Date('2026-08-21T12:00:00Z'));
      const again = await dataVersions(db);
      expect(again).not.toBe(first);
      expect(again).toEqual(first);
      // …and a version moved by another connection shows on the next call.
      await sql`UPDATE data_versions SET version = version + 1 WHERE domain = 'users'`.execute(other.kysely);
      const after = await dataVersions(db);
      expect(after.get('users')).toBe(first.get('users')! + 1);
      // Writes through the same connection move it too.
      await sql`UPDATE data_versions SET version = version + 1 WHERE domain = 'votes'`.execute(db.kysely);
      expect((await dataVersions(db)).get('votes')).toBe(after.get('votes')! + 1);
    } finally {
      await other.close();
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('data versions and vectors (SQLite)', () => {
  it('moves the papers version when a paper gets its vector (similar papers change)', async () => {
    const db = await createTestDb('sqlite');
    const p = makePaper();
    await importBatch(db, [p], [], { source: 'test', now: new Date('2026-08-21T12:00:00Z') });
    await ensureVectorTables(db, 4);
    const before = (await dataVersions(db)).get('papers')!;
    await sql`INSERT INTO paper_embeddings (paper_id, model, embedding, embedded_at)
      SELECT id, 'm', x'00000000000000000000000000000000', '2026-08-21' FROM papers`.execute(db.kysely);
    expect((await dataVersions(db)).get('papers')).toBe(before + 1);
    await db.close();
  });
});
