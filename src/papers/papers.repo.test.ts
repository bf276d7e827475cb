import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { dialects, forEachDialect, freshDbEachTest, type TestDb } from '../../test/support/db.ts';
import { makePaper } from '../../test/support/factories.ts';
import { upsertPapersBulk } from './bulk.repo.ts';
import { getPaperDetails } from './paper-details.repo.ts';
import { importBatch, upsertPapers } from './papers.repo.ts';

const now = new Date('2026-08-21T12:00:00Z');
const opts = { source: 'test', now };

forEachDialect('papers repo', (dialect) => {
  let db: TestDb;
  freshDbEachTest(dialect, (d) => {
    db = d;
  });

  it('is idempotent: the same records twice change nothing', async () => {
    const records = [makePaper(), makePaper({ authors: [{ name: 'Zoë Ünal', affiliation: 'MIT' }] })];
    expect(await upsertPapers(db, records, opts)).toMatchObject({ new: 2, updated: 0, unchanged: 0 });
    expect(await upsertPapers(db, records, opts)).toMatchObject({ new: 0, updated: 0, unchanged: 2 });
    const authors = await db.kysely
      .selectFrom('authors')
      .select('normalized')
      .orderBy('normalized')
      .execute();
    expect(authors.map((a) => a.normalized)).toEqual(['ada lovelace', 'alan turing', 'zoe unal']);
  });

  it('a newer version updates the paper; an older one does not', async () => {
    const v1 = makePaper({ version: 1, versions: [{ version: 1, submittedAt: '2026-01-05T12:00:00.000Z' }] });
    await upsertPapers(db, [v1], opts);
    const v2 = {
      ...v1,
      version: 2,
      title: 'Revised title',
      updatedAt: '2026-02-01T00:00:00.000Z',
      versions: [...v1.versions!, { version: 2, submittedAt: '2026-02-01T00:00:00.000Z' }],
    };
    expect((await upsertPapers(db, [v2], opts)).updated).toBe(1);
    expect((await upsertPapers(db, [v1], opts)).unchanged).toBe(1);
    const p = await getPaperDetails(db, v1.arxivId);
    expect(p?.title).toBe('Revised title');
    expect(p?.latestVersion).toBe(2);
    expect(p?.versions.map((v) => v.version)).toEqual([1, 2]);
  });

  it('a source that knows less does not erase what another stored', async () => {
    const full = makePaper({ doi: '10.1/x', comment: '12 pages', categories: ['cs.CL'] });
    await upsertPapers(db, [full], opts);
    const sparse = makePaper({
      arxivId: full.arxivId,
      categories: undefined,
      doi: undefined,
      comment: undefined,
      version: undefined,
      githubRepo: 'https://github.com/a/b',
    });
    expect((await upsertPapers(db, [sparse], opts)).updated).toBe(1);
    const p = await getPaperDetails(db, full.arxivId);
    expect(p).toMatchObject({
      doi: '10.1/x',
      comment: '12 pages',
      categories: ['cs.CL'],
      githubRepo: 'https://github.com/a/b',
    });
  });

  it('features a paper once per day: the same day again changes nothing, another day is a second entry', async () => {
    const paper = makePaper();
    const entry = {
      arxivId: paper.arxivId,
      feedDate: '2026-08-20',
      submittedAt: '2026-08-20T09:00:00.000Z',
      submitter: { handle: 'ada', displayName: 'Ada' },
    };
    const first = await importBatch(db, [paper], [entry], opts);
    expect(first.entries.new).toBe(1);
    const same = await importBatch(db, [], [entry], opts);
    expect(same.entries.unchanged).toBe(1);
    const other = await importBatch(
      db,
      [],
      [{ ...entry, feedDate: '2026-08-21', submitter: { handle: 'bob', displayName: 'Bob' } }],
      opts,
    );
    expect(other.entries.new).toBe(1);
    const p = await getPaperDetails(db, paper.arxivId);
    // The paper page shows its latest feature.
    expect(p?.featured).toMatchObject({ feedDate: '2026-08-21', submitterHandle: 'hf:bob' });
    const unknown = await importBatch(db, [], [{ ...entry, arxivId: '2601.99999' }], opts);
    expect(unknown.entries.rejected).toBe(1);
  });

  it('keeps upvotes equal to the imported baseline when it changes', async () => {
    const p = makePaper({ importedUpvotes: 5 });
    await upsertPapers(db, [p], opts);
    await upsertPapers(db, [{ ...p, importedUpvotes: 9 }], opts);
    expect((await getPaperDetails(db, p.arxivId))?.upvotes).toBe(9);
  });
});

// On PostgreSQL an import reads the stored paper without a lock, plans, then updates it; a
// vote can commit in between. SQLite runs a write transaction alone, so the race is
// PostgreSQL's: a second connection holds the paper's row until the import waits on it.
describe.runIf(dialects.includes('postgres'))('papers repo, a vote during an import [postgres]', () => {
  let db: TestDb;
  freshDbEachTest('postgres', (d) => {
    db = d;
  });

  const paths = {
    'the row-by-row upsert': upsertPapers,
    'the bulk upsert': upsertPapersBulk,
  };
  for (const [name, upsert] of Object.entries(paths)) {
    it(`keeps the vote when ${name} moves the imported baseline`, async () => {
      const p = makePaper({ importedUpvotes: 5 });
      await upsert(db, [p], opts);
      const { id: paperId } = await db.kysely
        .selectFrom('papers')
        .select('id')
        .where('arxiv_id', '=', p.arxivId)
        .executeTakeFirstOrThrow();
      const { id: userId } = await db.kysely
        .insertInto('users')
        .values({
          email: null,
          handle: 'voter',
          display_name: 'Voter',
          avatar_url: null,
          role: 'user',
          status: 'active',
          is_demo: 0,
          created_at: now.toISOString(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();

      const holder = new pg.Client({ connectionString: db.url });
      await holder.connect();
      try {
        await holder.query('BEGIN');
        await holder.query('SELECT 1 FROM papers WHERE id = $1 FOR UPDATE', [paperId]);
        const importing = upsert(db, [{ ...p, importedUpvotes: 9 }], opts);
        await waitForLockWait(holder);
        await holder.query('INSERT INTO votes (paper_id, user_id, created_at) VALUES ($1, $2, $3)', [
          paperId,
          userId,
          now.toISOString(),
        ]);
        await holder.query('COMMIT');
        expect((await importing).updated).toBe(1);
      } finally {
        await holder.end();
      }
      // The new baseline (9) plus the vote: a plan that computed the count from its read
      // would write 9 and lose the vote.
      expect((await getPaperDetails(db, p.arxivId))?.upvotes).toBe(10);
    });
  }
});

/** Resolves once another session of this database waits for a lock. */
async function waitForLockWait(client: pg.Client): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const r = await client.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'`,
    );
    if (r.rows[0].n > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the import never waited for the paper row');
}
