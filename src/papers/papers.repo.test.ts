import { expect, it } from 'vitest';
import { forEachDialect, freshDbEachTest, type TestDb } from '../../test/support/db.ts';
import { makePaper } from '../../test/support/factories.ts';
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
