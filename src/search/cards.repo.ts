/** What the fusion priors of search need, without loading whole cards (abstracts are large). */
import type { Db } from '../db/connect.ts';

/** What the fusion priors need, without loading whole cards (abstracts are large). */
export async function loadPriorFacts(
  db: Db,
  ids: number[],
): Promise<Map<number, { publishedAt: string; upvotes: number }>> {
  if (ids.length === 0) return new Map();
  const rows = await db.kysely
    .selectFrom('papers')
    .select(['id', 'published_at', 'upvotes'])
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, { publishedAt: r.published_at, upvotes: r.upvotes }]));
}
