/**
 * A scratch database holding a benchmark corpus, for `paperboy eval`: SQLite in memory, or
 * on a PostgreSQL server a database of its own, created here and dropped on close, so an
 * evaluation never reads or writes an instance's data.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { connect, type Db } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { ftsString } from './filters.repo.ts';
import { words } from './query-parser.ts';
import type { BeirDoc } from './types.ts';

/** Rows per INSERT: well under both engines' bound-parameter limits (9 columns each). */
const BATCH = 500;

export async function loadEvalCorpus(
  docs: BeirDoc[],
  now: Date,
  opts: { databaseUrl?: string } = {},
): Promise<{ db: Db; docIdOf: Map<number, string> }> {
  const db = opts.databaseUrl ? await scratchPostgres(opts.databaseUrl) : connect({ sqlitePath: ':memory:' });
  try {
    await migrateToLatest(db);
    const at = now.toISOString();
    const docIdOf = new Map<number, string>();
    await db.transaction(async (tx) => {
      for (let i = 0; i < docs.length; i += BATCH) {
        const batch = docs.slice(i, i + BATCH);
        // Raw SQL: the table's typed insert asks for every column, and these rows have few.
        // Ids are namespaced so no benchmark id can look like an arXiv id.
        const values = batch.map(
          (d) => sql`(${`beir:${d.id}`}, ${d.title}, ${d.text}, '', ${at}, ${at}, 'eval', ${at}, ${at})`,
        );
        const rows = await sql<{ id: number; arxiv_id: string }>`INSERT INTO papers
          (arxiv_id, title, abstract, authors_text, published_at, updated_at, source, created_at, modified_at)
          VALUES ${sql.join(values)} RETURNING id, arxiv_id`.execute(tx.kysely);
        for (const r of rows.rows) docIdOf.set(Number(r.id), r.arxiv_id.slice('beir:'.length));
      }
    });
    // The candidate stage plans from the planner's statistics (lexical.repo.ts): fresh ones.
    if (db.dialect === 'postgres') await sql`ANALYZE papers`.execute(db.kysely);
    return { db, docIdOf };
  } catch (e) {
    await db.close();
    throw e;
  }
}

/** A new, empty database on the server of `url`, dropped when the returned `Db` closes. */
async function scratchPostgres(url: string): Promise<Db> {
  const name = `paperboy_eval_${randomBytes(6).toString('hex')}`;
  const admin = connect({ databaseUrl: url, poolSize: 1 });
  try {
    await sql`CREATE DATABASE ${sql.id(name)}`.execute(admin.kysely);
  } finally {
    await admin.close();
  }
  const target = new URL(url);
  target.pathname = `/${name}`;
  const db = connect({ databaseUrl: target.toString() });
  return {
    ...db,
    async close() {
      await db.close();
      const c = connect({ databaseUrl: url, poolSize: 1 });
      try {
        await sql`DROP DATABASE IF EXISTS ${sql.id(name)} WITH (FORCE)`.execute(c.kysely);
      } finally {
        await c.close();
      }
    },
  };
}

/**
 * The baseline every figure is compared with: plain FTS5 bm25 (default weights) over any
 * of the query's words, as a bare SQLite installation would rank them. SQLite only.
 */
export function rawBm25(db: Db, text: string, k: number): number[] {
  const ws = [...new Set(words(text, 10_000))];
  if (ws.length === 0) return [];
  const match = ws.map((w) => ftsString([w])).join(' OR ');
  const rows = db
    .sqlite!.prepare('SELECT rowid AS id FROM papers_fts WHERE papers_fts MATCH ? ORDER BY rank LIMIT ?')
    .all(match, k) as { id: number }[];
  return rows.map((r) => r.id);
}
