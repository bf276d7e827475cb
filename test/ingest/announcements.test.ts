/**
 * Announcements stored at ingest (migration 0011_listing): arXiv's own listing from RSS,
 * otherwise days derived from version dates, the same on every write path and database,
 * and for papers stored before the table existed (the migration's backfill).
 */
import { expect, it } from 'vitest';
import { backfillAnnouncements } from '../../src/db/migrations/0011_listing.ts';
import { ingestRss } from '../../src/ingest/rss-ingest.ts';
import { upsertPapersBulk } from '../../src/papers/bulk.repo.ts';
import { importBatch } from '../../src/papers/papers.repo.ts';
import { fixedClock } from '../../src/shared/clock.ts';
import { forEachDialect, freshDbEachTest, type TestDb } from '../support/db.ts';
import { makePaper } from '../support/factories.ts';
import { fixturePath, replayHttp } from '../support/http.ts';

const config = {
  ARXIV_RSS_URL: 'https://rss.arxiv.org/rss',
  ARXIV_API_URL: 'https://export.arxiv.org/api/query',
};
const opts = { source: 'test', now: new Date('2026-08-21T12:00:00Z') };

async function announcements(db: TestDb) {
  const rows = await db.kysely
    .selectFrom('paper_announcements as a')
    .innerJoin('papers as p', 'p.id', 'a.paper_id')
    .select(['p.arxiv_id', 'a.version', 'a.day', 'a.type'])
    .orderBy('p.arxiv_id')
    .orderBy('a.version')
    .execute();
  return rows.map((r) => `${r.arxiv_id}v${r.version} ${r.day} ${r.type}`);
}

/** Monday 2025-04-28 10:00 EDT, then a v2 on Friday afternoon and a v3 the Saturday after. */
const versioned = () =>
  makePaper({
    arxivId: '2504.20001',
    version: 3,
    publishedAt: '2025-04-28T14:00:00.000Z',
    updatedAt: '2025-05-10T16:00:00.000Z',
    versions: [
      { version: 1, submittedAt: '2025-04-28T14:00:00.000Z' },
      { version: 2, submittedAt: '2025-05-02T19:00:00.000Z' },
      { version: 3, submittedAt: '2025-05-10T16:00:00.000Z' },
    ],
  });
const expected = [
  '2504.20001v1 2025-04-29 new',
  '2504.20001v2 2025-05-06 replace',
  '2504.20001v3 2025-05-13 replace',
];

forEachDialect('announcements', (dialect) => {
  let db: TestDb;
  freshDbEachTest(dialect, (d) => {
    db = d;
  });

  it('RSS: the listing day and type arXiv gives, for the version it names', async () => {
    const r = await ingestRss(
      { db, clock: fixedClock('2025-04-28T12:00:00Z'), config, http: replayHttp(() => undefined) },
      fixturePath('rss/quant-ph_2025-04-28.xml'),
    );
    expect(r.byType).toEqual({ new: 40, cross: 10, replace: 22, 'replace-cross': 9 });
    const rows = await announcements(db);
    expect(rows).toHaveLength(81);
    expect(rows.filter((x) => x.includes(' 2025-04-28 '))).toHaveLength(81);
    const types = rows.map((x) => x.split(' ')[2]);
    expect(types.filter((t) => t === 'new')).toHaveLength(40);
    expect(types.filter((t) => t === 'cross')).toHaveLength(10);
    expect(types.filter((t) => t === 'replace')).toHaveLength(31);
    expect(rows).toContain('2504.17830v1 2025-04-28 new');
  });

  it('a day derived from version dates never replaces the one arXiv listed', async () => {
    const listed = makePaper({
      arxivId: '2504.20002',
      publishedAt: '2025-04-28T04:00:00.000Z',
      announcement: { day: '2025-04-28', type: 'cross' },
    });
    await importBatch(db, [listed], [], opts);
    // The export API later gives the exact v1 time, which alone would derive Tuesday.
    await importBatch(
      db,
      [makePaper({ arxivId: '2504.20002', publishedAt: '2025-04-25T15:00:00.000Z' })],
      [],
      opts,
    );
    expect(await announcements(db)).toEqual(['2504.20002v1 2025-04-28 cross']);
    // And a listing read after a derived day replaces it.
    await importBatch(db, [versioned()], [], opts);
    await upsertPapersBulk(
      db,
      [{ ...versioned(), version: 2, announcement: { day: '2025-05-05', type: 'replace' } }],
      opts,
    );
    expect(await announcements(db)).toEqual([
      '2504.20001v1 2025-04-29 new',
      '2504.20001v2 2025-05-05 replace',
      '2504.20001v3 2025-05-13 replace',
      '2504.20002v1 2025-04-28 cross',
    ]);
  });

  it('the general and the bulk write paths derive the same announcements, idempotently', async () => {
    await importBatch(db, [versioned()], [], opts);
    expect(await announcements(db)).toEqual(expected);
    await db.kysely.deleteFrom('paper_announcements').execute();
    await upsertPapersBulk(db, [versioned()], opts);
    await upsertPapersBulk(db, [versioned()], opts);
    expect(await announcements(db)).toEqual(expected);
  });

  it('the migration backfills papers stored before it, and keeps what is there', async () => {
    const v2 = makePaper({
      arxivId: '2504.20003',
      version: 2,
      publishedAt: '2025-04-26T12:00:00.000Z', // a Saturday: listed Tuesday
      updatedAt: '2025-04-30T12:00:00.000Z',
    });
    await importBatch(db, [versioned(), v2], [], opts);
    const before = await announcements(db);
    expect(before).toEqual([...expected, '2504.20003v1 2025-04-29 new', '2504.20003v2 2025-05-01 replace']);
    await db.kysely.deleteFrom('paper_announcements').where('version', '=', 1).execute();
    await backfillAnnouncements(db.kysely);
    expect(await announcements(db)).toEqual(before);
  });
});
