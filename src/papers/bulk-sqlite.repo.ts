/**
 * The SQLite side of bulk upserts: a batch is a handful of set-based statements (one read
 * of the stored papers, multi-row INSERTs of 200 rows for papers, authors, paper_authors,
 * categories, versions and announcements) instead of 20–30 prepared statements per paper.
 * Synchronous better-sqlite3: no query building, no promise per statement. (Rows passed as
 * one JSON array to `INSERT … SELECT … FROM json_each(?)` measured slower: 7× for the wide
 * papers rows, whose JSON SQLite re-reads for every column; see docs/INGEST.md.) The plan is `batch-plan.ts`, shared with PostgreSQL and built on the one
 * upsert plan (`merge.ts`), so the semantics are those of every other path.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { announcementsOf } from './announcements.ts';
import { authorNames, type BatchPlan, planBatch, segments, versionsToLoad } from './batch-plan.ts';
import type { MergeOptions, PaperRow, StoredVersion } from './merge.ts';
import { paperAuthorRow } from './merge.ts';
import { emptyCounts, type PaperRecord, type UpsertCounts } from './types.ts';

export interface Checkpoint {
  key: string;
  value: string;
}

type Row = Record<string, unknown>;
type Writer = (records: PaperRecord[], opts: MergeOptions, checkpoint?: Checkpoint) => UpsertCounts;
const writers = new WeakMap<BetterSqlite3.Database, Writer>();

/** Writes a batch in one transaction, with its checkpoint when given. */
export function upsertBatchSqlite(
  sqlite: BetterSqlite3.Database,
  records: PaperRecord[],
  opts: MergeOptions,
  checkpoint?: Checkpoint,
): UpsertCounts {
  let w = writers.get(sqlite);
  if (!w) {
    w = makeWriter(sqlite);
    writers.set(sqlite, w);
  }
  return w(records, opts, checkpoint);
}

/** Rows per multi-row INSERT, within SQLite's 32,766 bind parameters. */
const ROWS = 200;
const MAX_PARAMS = 32_766;

const PAPER_AUTHOR_COLUMNS = Object.keys(
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

function makeWriter(sqlite: BetterSqlite3.Database): Writer {
  const statements = new Map<string, BetterSqlite3.Statement>();
  const stmt = (sql: string) => {
    let s = statements.get(sql);
    if (!s) {
      s = sqlite.prepare(sql);
      statements.set(sql, s);
    }
    return s;
  };
  /**
   * Multi-row `INSERT … VALUES (…), (…), …`: ROWS rows per statement, the rest one by one,
   * so each table needs two prepared statements. Returns the rows of a RETURNING `tail`.
   */
  const insertRows = (table: string, cols: readonly string[], rows: unknown[][], tail = '') => {
    const tuple = `(${cols.map(() => '?').join(', ')})`;
    const sql = (n: number) =>
      `INSERT INTO ${table} (${cols.join(', ')}) VALUES ${Array(n).fill(tuple).join(', ')} ${tail}`;
    const per = Math.max(1, Math.min(ROWS, Math.floor(MAX_PARAMS / cols.length)));
    const out: Row[] = [];
    const exec = (s: BetterSqlite3.Statement, params: unknown[]) => {
      if (s.reader) out.push(...(s.all(params) as Row[]));
      else s.run(params);
    };
    let i = 0;
    for (; i + per <= rows.length; i += per) exec(stmt(sql(per)), rows.slice(i, i + per).flat());
    for (; i < rows.length; i++) exec(stmt(sql(1)), rows[i]!);
    return out;
  };
  const inIds = (sql: string, ids: unknown[]) => (ids.length ? stmt(sql).all(JSON.stringify(ids)) : []);
  const deleteChildren = (table: string, ids: number[]) => {
    if (ids.length)
      stmt(`DELETE FROM ${table} WHERE paper_id IN (SELECT value FROM json_each(?))`).run(
        JSON.stringify(ids),
      );
  };

  const writeRun = (records: PaperRecord[], opts: MergeOptions): UpsertCounts => {
    const existing = new Map<string, PaperRow>();
    for (const row of inIds(
      'SELECT * FROM papers WHERE arxiv_id IN (SELECT value FROM json_each(?))',
      records.map((r) => r.arxivId),
    ) as PaperRow[])
      existing.set(row.arxiv_id, row);
    const stored = new Map<number, StoredVersion[]>();
    for (const v of inIds(
      'SELECT paper_id, version, submitted_at FROM paper_versions WHERE paper_id IN (SELECT value FROM json_each(?))',
      versionsToLoad(records, existing),
    ) as (StoredVersion & { paper_id: number })[])
      stored.set(v.paper_id, [...(stored.get(v.paper_id) ?? []), v]);

    const plan = planBatch(records, existing, stored, opts);
    const ids = new Map<string, number>();
    for (const [arxivId, row] of existing) ids.set(arxivId, row.id);
    for (const u of plan.updates) {
      const cols = Object.keys(u.set);
      const set = cols.map((c) => `${c} = ?`);
      const values = cols.map((c) => (u.set as Row)[c]);
      // As withRebasedUpvotes (papers.repo.ts): the baseline swapped under the local votes.
      if (u.set.imported_upvotes !== undefined) {
        set.push('upvotes = upvotes - imported_upvotes + ?');
        values.push(u.set.imported_upvotes);
      }
      stmt(`UPDATE papers SET ${set.join(', ')} WHERE id = ?`).run(...values, u.id);
    }
    if (plan.inserts.length) {
      const cols = Object.keys(plan.inserts[0]!.row);
      const rows = plan.inserts.map(({ row }) => cols.map((c) => (row as unknown as Row)[c]));
      for (const r of insertRows('papers', cols, rows, 'RETURNING id, arxiv_id'))
        ids.set(r.arxiv_id as string, r.id as number);
    }
    writeChildren(plan, ids);
    writeAnnouncements(records, ids);
    return plan.counts;
  };

  const writeChildren = (plan: BatchPlan, ids: Map<string, number>) => {
    const replaced = (pick: (c: BatchPlan['children'][number]['rows']) => unknown) =>
      plan.children.filter((c) => c.replace && pick(c.rows)).map((c) => ids.get(c.arxivId)!);
    deleteChildren(
      'paper_authors',
      replaced((c) => c.authors),
    );
    deleteChildren(
      'paper_categories',
      replaced((c) => c.categories),
    );
    deleteChildren(
      'paper_versions',
      replaced((c) => c.versions),
    );

    const names = authorNames(plan.children);
    insertRows('authors', ['normalized', 'name'], [...names], 'ON CONFLICT (normalized) DO NOTHING');
    const authorIds = new Map<string, number>();
    for (const a of inIds(
      'SELECT id, normalized FROM authors WHERE normalized IN (SELECT value FROM json_each(?))',
      [...names.keys()],
    ) as { id: number; normalized: string }[])
      authorIds.set(a.normalized, a.id);
    const paperAuthors: unknown[][] = [];
    const categories: unknown[][] = [];
    const versions: unknown[][] = [];
    for (const c of plan.children) {
      const paperId = ids.get(c.arxivId)!;
      for (const a of c.rows.authors ?? []) {
        const row = paperAuthorRow(paperId, a, authorIds.get(a.normalized)!) as Row;
        paperAuthors.push(PAPER_AUTHOR_COLUMNS.map((k) => row[k]));
      }
      for (const category of c.rows.categories ?? []) categories.push([paperId, category]);
      for (const v of c.rows.versions ?? []) versions.push([paperId, v.version, v.submitted_at, v.size]);
    }
    insertRows('paper_authors', PAPER_AUTHOR_COLUMNS, paperAuthors);
    insertRows('paper_categories', ['paper_id', 'category'], categories);
    insertRows('paper_versions', ['paper_id', 'version', 'submitted_at', 'size'], versions);
  };

  // The same announcements as writeAnnouncements (announcements.repo.ts): a derived day never
  // replaces a stored one; a day read from arXiv's listing does.
  const writeAnnouncements = (records: PaperRecord[], ids: Map<string, number>) => {
    const derived: unknown[][] = [];
    const listed: unknown[][] = [];
    for (const r of records) {
      const paperId = ids.get(r.arxivId);
      if (paperId === undefined) continue;
      for (const a of announcementsOf(r))
        (a.listed ? listed : derived).push([paperId, a.version, a.day, a.type]);
    }
    const cols = ['paper_id', 'version', 'day', 'type'];
    insertRows('paper_announcements', cols, derived, 'ON CONFLICT (paper_id, version) DO NOTHING');
    insertRows(
      'paper_announcements',
      cols,
      listed,
      'ON CONFLICT (paper_id, version) DO UPDATE SET day = excluded.day, type = excluded.type',
    );
  };

  return sqlite.transaction((records: PaperRecord[], opts: MergeOptions, checkpoint?: Checkpoint) => {
    const counts = emptyCounts();
    for (const run of segments(records)) {
      const c = writeRun(run, opts);
      counts.new += c.new;
      counts.updated += c.updated;
      counts.unchanged += c.unchanged;
    }
    if (checkpoint)
      stmt(
        `INSERT INTO ingest_state (key, value, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      ).run(checkpoint.key, checkpoint.value, opts.now.toISOString());
    return counts;
  }) as Writer;
}
