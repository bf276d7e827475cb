/**
 * The query's non-text conditions as SQL over `papers p` (categories, dates, code,
 * featured), exclusions without text, and the check other retrievers' hits pass through.
 */
import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../db/connect.ts';
import type { ParsedQuery } from './query-parser.ts';
import type { Candidate } from './types.ts';

/** An FTS5 string literal: the tokenizer sees the words, the parser sees no operator. */
export function ftsString(words: string[]): string {
  return `"${words.join(' ').replace(/"/g, '""')}"`;
}

/** Papers matching only filters (no words): newest first, or by upvotes. */
export async function filterOnly(db: Db, q: ParsedQuery, limit: number): Promise<Candidate[]> {
  const order =
    q.sort === 'upvotes'
      ? sql`ORDER BY p.upvotes DESC, p.id DESC`
      : sql`ORDER BY p.published_at DESC, p.id DESC`;
  const rows = await sql<Candidate>`SELECT p.id, 0 AS score FROM papers p
    WHERE 1 = 1 ${filterAnd(q)} ${excludesAnd(db, q)} ${order} LIMIT ${limit}`.execute(db.kysely);
  return rows.rows;
}

/** Excluded words when there is nothing positive to put them against in the text index. */
function excludesAnd(db: Db, q: ParsedQuery) {
  if (q.excludes.length === 0) return sql``;
  if (db.dialect === 'sqlite') {
    const any = q.excludes.map(ftsString).join(' OR ');
    return sql`AND p.id NOT IN (SELECT rowid FROM papers_fts WHERE papers_fts MATCH ${any})`;
  }
  const parts = q.excludes.map((x) => sql`phraseto_tsquery('paperboy', ${x.join(' ')})`);
  return sql`AND NOT ${documentMatches(sql.join(parts, sql` || `))}`;
}

/** PostgreSQL: paper `p`'s document matches `tsq` (its tsvector is in paper_search, 0022). */
function documentMatches(tsq: RawBuilder<unknown>) {
  return sql`EXISTS (SELECT 1 FROM paper_search s WHERE s.id = p.id AND s.search_doc @@ (${tsq}))`;
}

/**
 * The candidates (from another retriever, e.g. semantic) that satisfy the query's
 * filters, authors, required words and exclusions, in their order: semantic hits must
 * obey `cat:`, `year:`, `author:`, `+word` and `-word` like keyword hits do.
 */
export async function keepMatchingFilters(db: Db, q: ParsedQuery, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const needed = [
    ...q.authors.map((a) => ({ words: a, author: true })),
    ...q.required.map((r) => ({ words: r })),
  ];
  const text =
    needed.length === 0
      ? sql``
      : db.dialect === 'sqlite'
        ? sql`AND p.id IN (SELECT rowid FROM papers_fts WHERE papers_fts MATCH ${needed
            .map((n) => ('author' in n ? `authors_text : ${ftsString(n.words)}` : ftsString(n.words)))
            .join(' AND ')})`
        : sql`AND ${documentMatches(
            sql.join(
              needed.map((n) =>
                'author' in n
                  ? sql`to_tsquery('paperboy', ${n.words.map((w) => `${w}:B`).join(' <-> ')})`
                  : sql`phraseto_tsquery('paperboy', ${n.words.join(' ')})`,
              ),
              sql` && `,
            ),
          )}`;
  const r = await sql<{ id: number }>`SELECT p.id FROM papers p WHERE p.id IN (${sql.join(ids)})
    ${filterAnd(q)} ${excludesAnd(db, q)} ${text}`.execute(db.kysely);
  return new Set(r.rows.map((x) => x.id));
}

/** True when the query restricts results beyond its words (filters, authors, required words, exclusions). */
export function hasRestrictions(q: ParsedQuery): boolean {
  return filterSql(q) !== null || q.authors.length > 0 || q.excludes.length > 0 || q.required.length > 0;
}

export function filterAnd(q: ParsedQuery) {
  const f = filterSql(q);
  return f ? sql`AND ${f}` : sql``;
}

/** The non-text filters over `papers p`, or null when there are none. */
export function filterSql(q: ParsedQuery): RawBuilder<unknown> | null {
  const parts: RawBuilder<unknown>[] = [];
  if (q.categories.length > 0) {
    const cats = q.categories.map((c) =>
      c.includes('.')
        ? sql`pc.category = ${c}`
        : // An archive: `cs` means cs itself and every cs.* class ('/' sorts right after '.').
          sql`(pc.category = ${c} OR (pc.category > ${`${c}.`} AND pc.category < ${`${c}/`}))`,
    );
    parts.push(
      sql`EXISTS (SELECT 1 FROM paper_categories pc WHERE pc.paper_id = p.id AND (${sql.join(cats, sql` OR `)}))`,
    );
  }
  if (q.after) parts.push(sql`p.published_at >= ${q.after}`);
  // Instants are ISO strings: every instant of that day sorts before `YYYY-MM-DDU`.
  if (q.before) parts.push(sql`p.published_at < ${`${q.before}U`}`);
  if (q.hasCode) parts.push(sql`(p.github_repo IS NOT NULL OR p.code_links <> '[]')`);
  if (q.featured !== undefined) {
    const ex = sql`EXISTS (SELECT 1 FROM daily_entries e WHERE e.paper_id = p.id AND e.hidden = 0)`;
    parts.push(q.featured ? ex : sql`NOT ${ex}`);
  }
  return parts.length ? sql.join(parts, sql` AND `) : null;
}
