/** What the recommender reads: the window's papers and any paper's text. */
import type { Db } from '../../db/connect.ts';
import type { CorpusRow } from './corpus.ts';

/** The window's end (the newest paper's first-version instant, never after now) and a stamp of the papers table. */
export async function windowStamp(db: Db, now: Date): Promise<{ end: string; maxId: number } | null> {
  const r = await db.kysely
    .selectFrom('papers')
    .select((eb) => [eb.fn.max('published_at').as('end'), eb.fn.max('id').as('maxId')])
    .executeTakeFirst();
  if (!r?.end) return null;
  const nowIso = now.toISOString();
  const end = [r.end, nowIso].sort()[0] as string;
  return { end, maxId: Number(r.maxId) };
}

export async function windowRows(db: Db, from: string | null): Promise<CorpusRow[]> {
  let q = db.kysely
    .selectFrom('papers')
    .select(['id', 'title', 'abstract', 'authors_text', 'categories', 'upvotes', 'published_at'])
    .where('withdrawn', '=', 0);
  if (from) q = q.where('published_at', '>=', from);
  const rows = await q.orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    abstract: r.abstract,
    authorsText: r.authors_text,
    categories: r.categories,
    upvotes: r.upvotes,
    publishedAt: r.published_at,
  }));
}

export async function paperTexts(
  db: Db,
  ids: number[],
): Promise<Map<number, { title: string; abstract: string }>> {
  const out = new Map<number, { title: string; abstract: string }>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db.kysely
      .selectFrom('papers')
      .select(['id', 'title', 'abstract'])
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(r.id, { title: r.title, abstract: r.abstract });
  }
  return out;
}
