/** A scratch in-memory database holding a benchmark corpus, for `paperboy eval`. */
import { connect, type Db } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { ftsString } from './filters.repo.ts';
import { words } from './query-parser.ts';
import type { BeirDoc } from './types.ts';

export async function loadEvalCorpus(
  docs: BeirDoc[],
  now: Date,
): Promise<{ db: Db; docIdOf: Map<number, string> }> {
  const db = connect({ sqlitePath: ':memory:' });
  await migrateToLatest(db);
  const at = now.toISOString();
  const docIdOf = new Map<number, string>();
  const insert = db.sqlite!.prepare(
    `INSERT INTO papers (arxiv_id, title, abstract, authors_text, published_at, updated_at, source, created_at, modified_at)
     VALUES (?, ?, ?, '', ?, ?, 'eval', ?, ?)`,
  );
  db.sqlite!.transaction(() => {
    for (const d of docs) {
      // Ids are namespaced so no benchmark id can look like an arXiv id.
      const r = insert.run(`beir:${d.id}`, d.title, d.text, at, at, at, at);
      docIdOf.set(Number(r.lastInsertRowid), d.id);
    }
  })();
  return { db, docIdOf };
}

/**
 * The baseline every figure is compared with: plain FTS5 bm25 (default weights) over any
 * of the query's words, as a bare SQLite installation would rank them.
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
