/** Papers that match a member's follows of authors, categories, organisations and members, since a date. */
import type { Db } from '../db/connect.ts';

export interface Match {
  paperId: number;
  publishedAt: string;
}

/** Newest first, at most `limit`, by any of the followed authors (normalised names). */
export async function papersByAuthors(db: Db, names: string[], from: string | null, limit: number) {
  if (names.length === 0) return [];
  let q = db.kysely
    .selectFrom('authors as a')
    .innerJoin('paper_authors as pa', 'pa.author_id', 'a.id')
    .innerJoin('papers as p', 'p.id', 'pa.paper_id')
    .select(['p.id as paperId', 'p.published_at as publishedAt', 'a.normalized as key'])
    .where('a.normalized', 'in', names);
  if (from) q = q.where('p.published_at', '>=', from);
  return q.orderBy('p.published_at', 'desc').orderBy('p.id', 'desc').limit(limit).execute();
}

export async function papersInCategories(db: Db, categories: string[], from: string | null, limit: number) {
  if (categories.length === 0) return [];
  let q = db.kysely
    .selectFrom('paper_categories as c')
    .innerJoin('papers as p', 'p.id', 'c.paper_id')
    .select(['p.id as paperId', 'p.published_at as publishedAt', 'c.category as key'])
    .where('c.category', 'in', categories);
  if (from) q = q.where('p.published_at', '>=', from);
  return q.orderBy('p.published_at', 'desc').orderBy('p.id', 'desc').limit(limit).execute();
}

/** Papers with an author affiliated with the organisation (case-insensitive substring). */
export async function papersOfOrganisation(db: Db, org: string, from: string | null, limit: number) {
  let q = db.kysely
    .selectFrom('paper_authors as pa')
    .innerJoin('papers as p', 'p.id', 'pa.paper_id')
    .select(['p.id as paperId', 'p.published_at as publishedAt'])
    .distinct()
    .where((eb) => eb(eb.fn('lower', ['pa.affiliation']), 'like', `%${org.replace(/[%_\\]/g, '')}%`));
  if (from) q = q.where('p.published_at', '>=', from);
  return q.orderBy('p.published_at', 'desc').orderBy('p.id', 'desc').limit(limit).execute();
}

/** Papers the followed member submitted or upvoted (both are public on their profile). */
export async function papersOfMembers(db: Db, handles: string[], from: string | null, limit: number) {
  if (handles.length === 0) return [];
  const submitted = db.kysely
    .selectFrom('daily_entries as e')
    .innerJoin('users as u', 'u.id', 'e.submitted_by')
    .select(['e.paper_id', 'u.handle'])
    .where('u.status', '!=', 'deleted');
  const upvoted = db.kysely
    .selectFrom('votes as v')
    .innerJoin('users as u', 'u.id', 'v.user_id')
    .select(['v.paper_id', 'u.handle'])
    .where('u.status', '!=', 'deleted');
  let q = db.kysely
    .selectFrom(submitted.union(upvoted).as('m'))
    .innerJoin('papers as p', 'p.id', 'm.paper_id')
    .select(['p.id as paperId', 'p.published_at as publishedAt', 'm.handle as key'])
    .where((eb) => eb(eb.fn('lower', ['m.handle']), 'in', handles));
  if (from) q = q.where('p.published_at', '>=', from);
  return q.orderBy('p.published_at', 'desc').orderBy('p.id', 'desc').limit(limit).execute();
}
