/**
 * Bulk upserts for large imports (Kaggle snapshot, OAI-PMH harvests): one transaction
 * per batch, optionally with a checkpoint row in `ingest_state` written in that same
 * transaction, so a killed import resumes exactly after the last committed batch.
 *
 * Each database writes a batch in a few set-based statements (bulk-sqlite.repo.ts,
 * bulk-pg.repo.ts), an order of magnitude faster than going through Kysely row by row.
 * Both follow the same plan (`batch-plan.ts` over `merge.ts`), so their idempotency
 * semantics are those of the general path by construction.
 */
import type { Db } from '../db/connect.ts';
import { writeAnnouncements } from './announcements.repo.ts';
import { upsertBatchPg } from './bulk-pg.repo.ts';
import { type Checkpoint, upsertBatchSqlite } from './bulk-sqlite.repo.ts';
import type { MergeOptions } from './merge.ts';
import type { PaperRecord, UpsertCounts } from './types.ts';

export type { Checkpoint };

export async function upsertPapersBulk(
  db: Db,
  records: PaperRecord[],
  opts: MergeOptions,
  checkpoint?: Checkpoint,
): Promise<UpsertCounts> {
  if (db.sqlite) return upsertBatchSqlite(db.sqlite, records, opts, checkpoint);
  return db.kysely.transaction().execute(async (trx) => {
    const counts = await upsertBatchPg(trx, records, opts);
    await writeAnnouncements(trx, records);
    if (checkpoint) {
      const now = opts.now.toISOString();
      await trx
        .insertInto('ingest_state')
        .values({ ...checkpoint, updated_at: now })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: checkpoint.value, updated_at: now }))
        .execute();
    }
    return counts;
  });
}

/** The ingest_state row that suspends the SQLite keyword-index triggers (migration 0015). */
const DEFERRED_INDEX = 'search-index:deferred';

/**
 * Bulk mode, SQLite: stops maintaining the keyword index row by row until
 * `rebuildSearchIndex`. An import killed in between leaves the row, so the re-run (or any
 * later bulk import) rebuilds the index when it ends. PostgreSQL keeps its index as is.
 */
export async function deferSearchIndex(db: Db, now: Date): Promise<void> {
  if (!db.sqlite) return;
  db.sqlite
    .prepare(
      'INSERT INTO ingest_state (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING',
    )
    .run(DEFERRED_INDEX, '1', now.toISOString());
}

/**
 * When a bulk import (this one or an interrupted earlier one) suspended the keyword index:
 * rebuilds it from the papers table once and resumes row-by-row upkeep. Otherwise nothing.
 */
export async function rebuildSearchIndex(db: Db): Promise<void> {
  if (!db.sqlite) return;
  const sqlite = db.sqlite;
  if (!sqlite.prepare('SELECT 1 FROM ingest_state WHERE key = ?').get(DEFERRED_INDEX)) return;
  sqlite.transaction(() => {
    sqlite.exec(`INSERT INTO papers_fts(papers_fts) VALUES ('rebuild')`);
    sqlite.prepare('DELETE FROM ingest_state WHERE key = ?').run(DEFERRED_INDEX);
  })();
}
