/** Author pages: every paper of one author, found by normalised name. */
import type { Db } from '../db/connect.ts';
import { LIST_ITEM_COLUMNS, latestVisibleEntry, toListItem } from './list-items.repo.ts';
import { normalizeAuthorName } from './names.ts';
import type { PaperListItem } from './types.ts';

export interface AuthorPapers {
  name: string;
  normalized: string;
  total: number;
  papers: PaperListItem[];
}

/**
 * The author whose normalised name matches `name` ("Zoë  Smith" finds "zoe smith") and
 * their papers, newest first; null when no paper has such an author.
 */
export async function getAuthorPapers(db: Db, name: string, limit = 200): Promise<AuthorPapers | null> {
  const normalized = normalizeAuthorName(name);
  if (!normalized) return null;
  const author = await db.kysely
    .selectFrom('authors')
    .select(['id', 'name', 'normalized'])
    .where('normalized', '=', normalized)
    .executeTakeFirst();
  if (!author) return null;
  const [rows, count] = await Promise.all([
    db.kysely
      .selectFrom('paper_authors as pa')
      .innerJoin('papers as p', 'p.id', 'pa.paper_id')
      // Hidden entries are moderated away from the feed; the paper itself stays listed.
      .leftJoin('daily_entries as e', (j) => j.on(latestVisibleEntry))
      .leftJoin('users as u', 'u.id', 'e.submitted_by')
      .select(LIST_ITEM_COLUMNS)
      .where('pa.author_id', '=', author.id)
      .orderBy('p.published_at', 'desc')
      .orderBy('p.id', 'desc')
      .limit(limit)
      .execute(),
    db.kysely
      .selectFrom('paper_authors')
      .select((eb) => eb.fn.count<number>('paper_id').distinct().as('n'))
      .where('author_id', '=', author.id)
      .executeTakeFirst(),
  ]);
  return {
    name: author.name,
    normalized: author.normalized,
    total: Number(count?.n ?? 0),
    papers: rows.map(toListItem),
  };
}
