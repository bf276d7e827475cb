/**
 * Migration 0022_search_table on PostgreSQL: the papers' tsvectors move to `paper_search`,
 * which triggers then keep in step with `papers`; 0023_search_words computes them again,
 * cut at punctuation.
 */
import { type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { migrations } from '../../src/db/migrations/index.ts';
import { upsertPapers } from '../../src/papers/papers.repo.ts';
import { searchPapers } from '../../src/search/search.ts';
import { searchSettings } from '../../src/search/settings.ts';
import { fixedClock } from '../../src/shared/clock.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { HAS_PG } from '../support/env.ts';
import { makePaper } from '../support/factories.ts';

const now = new Date('2026-03-01T00:00:00Z');

describe.skipIf(!HAS_PG)('paper_search (migration 0022_search_table) [postgres]', () => {
  let db: TestDb;
  const search = async (q: string) =>
    (
      await searchPapers({ db, clock: fixedClock(now), settings: searchSettings(loadConfig({})) }, q, {
        mode: 'lexical',
      })
    ).hits.map((h) => h.card.arxivId);
  const row = async (arxivId: string) =>
    (
      await sql<{
        doc: string;
        xmin: string;
        fresh: string;
        dated: boolean;
      }>`SELECT s.search_doc::text AS doc, s.xmin::text AS xmin, s.published_at = p.published_at AS dated,
        paper_search_doc(p.title, p.authors_text, p.abstract)::text AS fresh
        FROM papers p JOIN paper_search s ON s.id = p.id WHERE p.arxiv_id = ${arxivId}`.execute(db.kysely)
    ).rows[0];

  beforeAll(async () => {
    db = await createTestDb('postgres', { migrate: false });
    // A database as the release before this migration left it, with papers in it.
    const provider: MigrationProvider = {
      getMigrations: async () => {
        const all: Record<string, Migration> = {};
        for (const [name, make] of Object.entries(migrations)) all[name] = make('postgres');
        return all;
      },
    };
    const before = new Migrator({ db: db.kysely, provider, allowUnorderedMigrations: true });
    expect((await before.migrateTo('0021_keyword')).error).toBeUndefined();
    await upsertPapers(
      db,
      [
        makePaper({
          arxivId: '2602.00001',
          title: 'Sheaf neural networks',
          abstract: 'We glue self-supervised local data.',
        }),
        makePaper({ arxivId: '2602.00002', title: 'Lattice gauge theory', abstract: 'Quarks on a grid.' }),
      ],
      { source: 'test', now },
    );
    await migrateToLatest(db);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('moves the stored tsvectors of existing papers and drops the column', async () => {
    const a = await row('2602.00001');
    expect(a?.doc).toBe(a?.fresh);
    expect(a?.dated).toBe(true);
    expect(a?.doc).toContain("'sheaf':1A");
    // Recomputed by 0023: the compound's parts only, next to each other.
    expect(a?.doc).toContain("'self':10C");
    expect(a?.doc).toContain("'supervis':11C");
    expect(a?.doc).not.toContain('self-supervis');
    const column = await sql`SELECT 1 FROM information_schema.columns
      WHERE table_name = 'papers' AND column_name = 'search_doc'`.execute(db.kysely);
    expect(column.rows).toHaveLength(0);
    expect(await search('sheaf')).toEqual(['2602.00001']);
  });

  it('follows inserts, text edits and deletions, and leaves the row alone when only votes move', async () => {
    await upsertPapers(db, [makePaper({ arxivId: '2602.00003', title: 'Tropical geometry' })], {
      source: 'test',
      now,
    });
    expect(await search('tropical')).toEqual(['2602.00003']);

    await sql`UPDATE papers SET title = 'Tropical curves' WHERE arxiv_id = '2602.00003'`.execute(db.kysely);
    const edited = await row('2602.00003');
    expect(edited?.doc).toBe(edited?.fresh);
    expect(edited?.doc).toContain("'curv'");
    await sql`UPDATE papers SET published_at = '2020-01-02T00:00:00.000Z' WHERE arxiv_id = '2602.00003'`.execute(
      db.kysely,
    );
    const redated = await row('2602.00003');
    expect(redated?.dated).toBe(true);

    await sql`UPDATE papers SET upvotes = upvotes + 1, title = title WHERE arxiv_id = '2602.00003'`.execute(
      db.kysely,
    );
    expect((await row('2602.00003'))?.xmin).toBe(redated?.xmin);

    await sql`DELETE FROM papers WHERE arxiv_id = '2602.00002'`.execute(db.kysely);
    const left = await sql<{ n: string }>`SELECT count(*) AS n FROM paper_search`.execute(db.kysely);
    expect(Number(left.rows[0]?.n)).toBe(2);
    expect(await search('lattice')).toEqual([]);
  });
});
