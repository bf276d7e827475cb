/**
 * "More like this" by words, for papers without a vector (semantic search off or not yet
 * embedded): the paper's most distinctive title and abstract words, any of which may
 * match, ranked by the same weighted bm25 / ts_rank_cd as search.
 */
import { sql } from 'kysely';
import type { Db } from '../db/connect.ts';
import type { ColumnWeights } from './lexical.repo.ts';
import { words } from './query-parser.ts';
import type { Candidate } from './types.ts';

/** Words too common in paper titles and abstracts to say what a paper is about. */
const STOP = new Set(
  `a about above after all also an and any are as at based be been between both but by can could do does each
  for from has have how however in into is it its large learning model models more most new not of on one or
  our over paper present propose proposed results show such than that the their them these this those through
  to towards two under use used using via was we well what when where which while with within without work`.split(
    /\s+/,
  ),
);

/** Up to `n` words of the text, title words first, skipping stop words, numbers and repeats. */
export function keyWords(title: string, abstract: string, n = 12): string[] {
  const out: string[] = [];
  for (const w of [...words(title), ...words(abstract.slice(0, 1500))]) {
    if (w.length < 3 || STOP.has(w) || /^\d+$/.test(w) || out.includes(w)) continue;
    out.push(w);
    if (out.length >= n) break;
  }
  return out;
}

export async function papersLike(
  db: Db,
  paper: { id: number; title: string; abstract: string },
  k: number,
  weights: ColumnWeights,
): Promise<Candidate[]> {
  const ws = keyWords(paper.title, paper.abstract);
  if (ws.length === 0) return [];
  if (db.dialect === 'sqlite') {
    const match = ws.map((w) => `"${w}"`).join(' OR ');
    const r = await sql<Candidate>`SELECT c.id, c.score FROM (
        SELECT rowid AS id, -bm25(papers_fts, ${weights.title}, ${weights.authors}, ${weights.abstract}) AS score
        FROM papers_fts WHERE papers_fts MATCH ${match} AND rowid <> ${paper.id}
        ORDER BY rowid DESC LIMIT 5000) c
      ORDER BY c.score DESC LIMIT ${k}`.execute(db.kysely);
    return r.rows;
  }
  const tsq = sql.join(
    ws.map((w) => sql`plainto_tsquery('paperboy', ${w})`),
    sql` || `,
  );
  const r = await sql<Candidate>`SELECT c.id, c.score FROM (
      SELECT m.id, ts_rank_cd(m.search_doc, (${tsq}), 1) AS score FROM (
        SELECT p.id, p.search_doc FROM papers p WHERE p.search_doc @@ (${tsq}) AND p.id <> ${paper.id}
        ORDER BY p.id DESC LIMIT 5000) m) c
    ORDER BY c.score DESC LIMIT ${k}`.execute(db.kysely);
  return r.rows;
}
