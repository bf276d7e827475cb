/** How many papers hold each word, from the text index (for "more like this text"). */
import { sql } from 'kysely';
import type { Db } from '../db/connect.ts';
import { ftsString } from './filters.repo.ts';

/**
 * Document frequency of each word, counted up to `cap`: beyond a few per cent of the
 * papers a word is common whatever its exact count, and counting stops there.
 */
export async function documentFrequencies(
  db: Db,
  words: string[],
): Promise<{ df: Map<string, number>; papers: number }> {
  const n = await sql<{ n: number }>`SELECT coalesce(max(id), 0) AS n FROM papers`.execute(db.kysely);
  const papers = Number(n.rows[0]?.n ?? 0);
  const cap = Math.max(50, Math.ceil(papers / 50));
  const df = new Map<string, number>();
  for (const w of new Set(words)) {
    const r =
      db.dialect === 'sqlite'
        ? await sql<{ n: number }>`SELECT count(*) AS n FROM (SELECT 1 FROM papers_fts
            WHERE papers_fts MATCH ${ftsString([w])} LIMIT ${cap})`.execute(db.kysely)
        : await sql<{ n: number }>`SELECT count(*)::int AS n FROM (SELECT 1 FROM paper_search p
            WHERE p.search_doc @@ plainto_tsquery('paperboy', ${w}) LIMIT ${cap}) s`.execute(db.kysely);
    df.set(w, Number(r.rows[0]?.n ?? 0));
  }
  return { df, papers };
}
