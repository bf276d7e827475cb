/**
 * The content of the paper tables, keyed by arXiv id and author name rather than by
 * generated ids and timestamps: two databases that imported the same data compare equal
 * even if ids were consumed differently (e.g. rolled-back transactions on PostgreSQL).
 */
import type { Db } from '../../src/db/connect.ts';

export async function paperTablesSnapshot(db: Db) {
  const papers = await db.kysely.selectFrom('papers').selectAll().orderBy('arxiv_id').execute();
  const strip = papers.map(({ id: _id, created_at: _c, modified_at: _m, ...rest }) => rest);
  const authors = await db.kysely
    .selectFrom('paper_authors as pa')
    .innerJoin('papers as p', 'p.id', 'pa.paper_id')
    .innerJoin('authors as a', 'a.id', 'pa.author_id')
    .select(['p.arxiv_id', 'pa.position', 'a.name', 'a.normalized', 'pa.affiliation'])
    .orderBy('p.arxiv_id')
    .orderBy('pa.position')
    .execute();
  const categories = await db.kysely
    .selectFrom('paper_categories as c')
    .innerJoin('papers as p', 'p.id', 'c.paper_id')
    .select(['p.arxiv_id', 'c.category'])
    .orderBy('p.arxiv_id')
    .orderBy('c.category')
    .execute();
  const versions = await db.kysely
    .selectFrom('paper_versions as v')
    .innerJoin('papers as p', 'p.id', 'v.paper_id')
    .select(['p.arxiv_id', 'v.version', 'v.submitted_at', 'v.size'])
    .orderBy('p.arxiv_id')
    .orderBy('v.version')
    .execute();
  const authorCount = await db.kysely
    .selectFrom('authors')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { papers: strip, authors, categories, versions, authorCount: Number(authorCount.n) };
}
