/**
 * Bulk upserts for large imports (Kaggle snapshot, OAI-PMH harvests): one transaction
 * per batch, optionally with a checkpoint row in `ingest_state` written in that same
 * transaction, so a killed import resumes exactly after the last committed batch.
 *
 * On SQLite this runs synchronously over prepared better-sqlite3 statements (no query
 * building, no promise per statement), an order of magnitude faster than going through
 * Kysely row by row. Both paths follow the same plan from `merge.ts`, so their
 * idempotency semantics are the same by construction.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { Db } from '../db/connect.ts';
import { writeAnnouncements } from './announcements.repo.ts';
import { announcementsOf } from './announcements.ts';
import { upsertBatchPg } from './bulk-pg.repo.ts';
import {
  type ChildRows,
  type MergeOptions,
  needsStoredVersions,
  type PaperRow,
  paperAuthorRow,
  planUpsert,
} from './merge.ts';
import { emptyCounts, type PaperRecord, type UpsertCounts } from './types.ts';

export interface Checkpoint {
  key: string;
  value: string;
}

export async function upsertPapersBulk(
  db: Db,
  records: PaperRecord[],
  opts: MergeOptions,
  checkpoint?: Checkpoint,
): Promise<UpsertCounts> {
  if (db.sqlite) return sqliteWriter(db.sqlite).write(records, opts, checkpoint);
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

const PAPER_COLUMNS = [
  'arxiv_id',
  'latest_version',
  'title',
  'abstract',
  'authors_text',
  'comment',
  'journal_ref',
  'doi',
  'report_no',
  'license',
  'primary_category',
  'categories',
  'published_at',
  'updated_at',
  'withdrawn',
  'github_repo',
  'project_page',
  'code_links',
  'ai_summary',
  'ai_keywords',
  'github_stars',
  'thumbnail',
  'imported_upvotes',
  'upvotes',
  'comment_count',
  'source',
  'is_demo',
  'created_at',
  'modified_at',
] as const;

const AUTHOR_COLUMNS = Object.keys(
  paperAuthorRow(
    0,
    {
      position: 0,
      name: '',
      normalized: '',
      affiliation: null,
      hf_user: null,
      claim_status: null,
      claim_status_changed_at: null,
      hidden: 0,
    },
    0,
  ),
);

type Writer = ReturnType<typeof makeWriter>;
const writers = new WeakMap<BetterSqlite3.Database, Writer>();

function sqliteWriter(sqlite: BetterSqlite3.Database): Writer {
  let w = writers.get(sqlite);
  if (!w) {
    w = makeWriter(sqlite);
    writers.set(sqlite, w);
  }
  return w;
}

function makeWriter(sqlite: BetterSqlite3.Database) {
  const s = {
    paper: sqlite.prepare('SELECT * FROM papers WHERE arxiv_id = ?'),
    versions: sqlite.prepare('SELECT version, submitted_at FROM paper_versions WHERE paper_id = ?'),
    insertPaper: sqlite.prepare(
      `INSERT INTO papers (${PAPER_COLUMNS.join(', ')}) VALUES (${PAPER_COLUMNS.map(() => '?').join(', ')})`,
    ),
    insertAuthor: sqlite.prepare(
      'INSERT INTO authors (normalized, name) VALUES (?, ?) ON CONFLICT (normalized) DO NOTHING',
    ),
    authorId: sqlite.prepare('SELECT id FROM authors WHERE normalized = ?').pluck(),
    insertPaperAuthor: sqlite.prepare(
      `INSERT INTO paper_authors (${AUTHOR_COLUMNS.join(', ')}) VALUES (${AUTHOR_COLUMNS.map((c) => `@${c}`).join(', ')})`,
    ),
    insertCategory: sqlite.prepare('INSERT INTO paper_categories (paper_id, category) VALUES (?, ?)'),
    insertVersion: sqlite.prepare(
      'INSERT INTO paper_versions (paper_id, version, submitted_at, size) VALUES (?, ?, ?, ?)',
    ),
    deleteAuthors: sqlite.prepare('DELETE FROM paper_authors WHERE paper_id = ?'),
    deleteCategories: sqlite.prepare('DELETE FROM paper_categories WHERE paper_id = ?'),
    deleteVersions: sqlite.prepare('DELETE FROM paper_versions WHERE paper_id = ?'),
    announcement: sqlite.prepare(
      'INSERT INTO paper_announcements (paper_id, version, day, type) VALUES (?, ?, ?, ?) ON CONFLICT (paper_id, version) DO NOTHING',
    ),
    listedAnnouncement: sqlite.prepare(
      `INSERT INTO paper_announcements (paper_id, version, day, type) VALUES (?, ?, ?, ?)
       ON CONFLICT (paper_id, version) DO UPDATE SET day = excluded.day, type = excluded.type`,
    ),
    checkpoint: sqlite.prepare(
      `INSERT INTO ingest_state (key, value, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    ),
  };
  // UPDATE statements by the set of columns they write (a handful of shapes in practice).
  const updates = new Map<string, BetterSqlite3.Statement>();

  const writeChildren = (paperId: number | bigint, c: ChildRows, replace: boolean) => {
    if (c.authors) {
      if (replace) s.deleteAuthors.run(paperId);
      for (const a of c.authors) {
        const ins = s.insertAuthor.run(a.normalized, a.name);
        const authorId = ins.changes > 0 ? ins.lastInsertRowid : (s.authorId.get(a.normalized) as number);
        s.insertPaperAuthor.run(paperAuthorRow(paperId, a, authorId));
      }
    }
    if (c.categories) {
      if (replace) s.deleteCategories.run(paperId);
      for (const cat of c.categories) s.insertCategory.run(paperId, cat);
    }
    if (c.versions) {
      if (replace) s.deleteVersions.run(paperId);
      for (const v of c.versions) s.insertVersion.run(paperId, v.version, v.submitted_at, v.size);
    }
  };

  const upsertOne = (r: PaperRecord, opts: MergeOptions) => {
    const existing = s.paper.get(r.arxivId) as PaperRow | undefined;
    const stored = needsStoredVersions(existing, r)
      ? (s.versions.all(existing!.id) as { version: number; submitted_at: string }[])
      : [];
    const plan = planUpsert(existing, r, opts, stored);
    // The same announcements as writeAnnouncements (announcements.repo.ts), one statement each.
    const announce = (paperId: number | bigint) => {
      for (const a of announcementsOf(r))
        (a.listed ? s.listedAnnouncement : s.announcement).run(paperId, a.version, a.day, a.type);
    };
    if (plan.outcome === 'new') {
      const row = plan.row as unknown as Record<string, unknown>;
      const { lastInsertRowid } = s.insertPaper.run(PAPER_COLUMNS.map((k) => row[k]));
      writeChildren(lastInsertRowid, plan.children, false);
      announce(lastInsertRowid);
      return plan.outcome;
    }
    announce(existing!.id);
    if (plan.outcome === 'updated') {
      const cols = Object.keys(plan.set);
      const key = cols.join(',');
      let stmt = updates.get(key);
      if (!stmt) {
        stmt = sqlite.prepare(`UPDATE papers SET ${cols.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`);
        updates.set(key, stmt);
      }
      stmt.run(...cols.map((c) => (plan.set as Record<string, unknown>)[c]), existing!.id);
      if (plan.children) writeChildren(existing!.id, plan.children, true);
    }
    return plan.outcome;
  };

  const tx = sqlite.transaction((records: PaperRecord[], opts: MergeOptions, checkpoint?: Checkpoint) => {
    const counts = emptyCounts();
    for (const r of records) counts[upsertOne(r, opts)]++;
    if (checkpoint) s.checkpoint.run(checkpoint.key, checkpoint.value, opts.now.toISOString());
    return counts;
  });

  return { write: (records: PaperRecord[], opts: MergeOptions, cp?: Checkpoint) => tx(records, opts, cp) };
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
