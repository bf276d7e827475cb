/**
 * Paper-level lists (every indexed paper, not only featured ones): an author's papers, a
 * category's, and all of them by cursor. Ids only; papers/cards.repo.ts loads the cards.
 */
import type { Db } from '../db/connect.ts';

export interface Window {
  offset: number;
  limit: number;
}

/** The author with this normalised name ("zoe smith" for "Zoë  Smith"); null when unknown. */
export async function findAuthor(db: Db, normalized: string): Promise<{ id: number; name: string } | null> {
  const row = await db.kysely
    .selectFrom('authors')
    .select(['id', 'name'])
    .where('normalized', '=', normalized)
    .executeTakeFirst();
  return row ?? null;
}

/** An author's papers, newest arXiv date first, and how many there are. */
export async function authorPaperIds(
  db: Db,
  authorId: number,
  w: Window,
): Promise<{ ids: number[]; total: number }> {
  const [rows, count] = await Promise.all([
    db.kysely
      .selectFrom('paper_authors as pa')
      .innerJoin('papers as p', 'p.id', 'pa.paper_id')
      .select('p.id')
      .where('pa.author_id', '=', authorId)
      .orderBy('p.published_at', 'desc')
      .orderBy('p.id', 'desc')
      .offset(w.offset)
      .limit(w.limit)
      .execute(),
    db.kysely
      .selectFrom('paper_authors')
      .select((eb) => eb.fn.count<number>('paper_id').distinct().as('n'))
      .where('author_id', '=', authorId)
      .executeTakeFirst(),
  ]);
  return { ids: rows.map((r) => r.id), total: Number(count?.n ?? 0) };
}

/** Papers in an arXiv category (primary or cross-listed), newest arXiv date first. */
export async function categoryPaperIds(db: Db, category: string, w: Window): Promise<number[]> {
  const rows = await db.kysely
    .selectFrom('paper_categories as c')
    .innerJoin('papers as p', 'p.id', 'c.paper_id')
    .select('p.id')
    .where('c.category', '=', category)
    .orderBy('p.published_at', 'desc')
    .orderBy('p.id', 'desc')
    .offset(w.offset)
    .limit(w.limit)
    .execute();
  return rows.map((r) => r.id);
}

export interface PaperCursor {
  publishedAt: string;
  id: number;
}

/**
 * Every indexed paper, newest first, keyset-paged: `after` is the last row of the
 * previous page, so pages stay stable while new papers arrive.
 */
export async function paperIdsAfter(
  db: Db,
  after: PaperCursor | null,
  limit: number,
): Promise<PaperCursor[]> {
  let sel = db.kysely.selectFrom('papers').select(['id', 'published_at']);
  if (after) {
    sel = sel.where((eb) =>
      eb.or([
        eb('published_at', '<', after.publishedAt),
        eb.and([eb('published_at', '=', after.publishedAt), eb('id', '<', after.id)]),
      ]),
    );
  }
  const rows = await sel.orderBy('published_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({ id: r.id, publishedAt: r.published_at }));
}
