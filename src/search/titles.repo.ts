/**
 * The exact-title pin: the paper whose title the query is, whatever its case,
 * punctuation or trailing full stop ("efficient transformers a survey." pins
 * "Efficient Transformers: A Survey").
 */
import { sql } from 'kysely';
import type { Db } from '../db/connect.ts';
import { words } from './query-parser.ts';

/** A title reduced to its words, lower-cased, one space apart: what "the same title" compares. */
export function titleKey(text: string): string {
  return words(text, 400).join(' ');
}

/**
 * The paper whose title is the query text: first by the `lower(title)` index (the text as
 * typed, with and without trailing dots), then among `candidates` (the top keyword hits,
 * where a title typed with other punctuation ranks) by comparing words.
 */
export async function exactTitleMatch(db: Db, text: string, candidates: number[]): Promise<number | null> {
  const key = titleKey(text);
  if (key.length < 8) return null;
  const typed = text.trim().replace(/\s+/g, ' ').toLowerCase();
  const bare = typed.replace(/[.\s]+$/, '');
  const r = await db.kysely
    .selectFrom('papers')
    .select('id')
    .where(sql`lower(title)`, 'in', [...new Set([typed, bare, `${bare}.`])])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (r) return r.id;
  if (candidates.length === 0) return null;
  const rows = await db.kysely
    .selectFrom('papers')
    .select(['id', 'title'])
    .where('id', 'in', candidates)
    .orderBy('id', 'desc')
    .execute();
  return rows.find((p) => titleKey(p.title) === key)?.id ?? null;
}
