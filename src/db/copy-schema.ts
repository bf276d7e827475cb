/**
 * What `paperboy copy` copies, read from the two schemas rather than listed by hand, so
 * a table a later migration adds is copied without anyone remembering to name it:
 * every ordinary table of the SQLite source, in foreign-key order, with its primary key
 * (the copy's cursor) and the PostgreSQL type of each column (how values convert and
 * compare). Tables the target builds itself are left out: SQLite's full-text tables
 * (PostgreSQL indexes papers in its own `paper_search` table, filled after the copy),
 * the migration history and the page-cache counters.
 */
import type SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import type { Db } from './connect.ts';

/** Tables each database keeps for itself: its migration history and its page-cache versions. */
const TARGET_OWNED = new Set(['kysely_migration', 'kysely_migration_lock', 'data_versions']);

export interface CopyColumn {
  name: string;
  /** PostgreSQL's type name (`int4`, `text`, `vector`, …): values convert and compare by it. */
  type: string;
}

export interface CopyTable {
  name: string;
  /** Copied columns, in the source's order; generated target columns are not among them. */
  columns: CopyColumn[];
  /** Primary key columns: rows are read and written in this order. */
  key: string[];
  /** Tables whose rows this one references (copied before it). */
  parents: string[];
}

export interface SourceSchema {
  /** Ordinary tables of the source, parents before children. */
  tables: { name: string; columns: string[]; key: string[]; parents: string[] }[];
  /** Tables the target rebuilds from the copied rows (SQLite full-text tables). */
  rebuilt: string[];
}

/** The source's ordinary tables in foreign-key order, and the full-text tables left to the target. */
export function readSourceSchema(sqlite: SQLite.Database): SourceSchema {
  const all = sqlite
    .prepare(
      `SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid`,
    )
    .all() as { name: string; sql: string }[];
  const virtual = all.filter((t) => /^CREATE VIRTUAL TABLE/i.test(t.sql)).map((t) => t.name);
  // FTS5 keeps each index in shadow tables named after it (papers_fts_data, …).
  const isShadow = (name: string) => virtual.some((v) => name.startsWith(`${v}_`));
  const tables = all
    .filter((t) => !virtual.includes(t.name) && !isShadow(t.name) && !TARGET_OWNED.has(t.name))
    .map(({ name }) => {
      const info = sqlite.prepare('SELECT name, pk FROM pragma_table_info(?)').all(name) as {
        name: string;
        pk: number;
      }[];
      const fks = sqlite
        .prepare('SELECT DISTINCT "table" AS parent FROM pragma_foreign_key_list(?)')
        .all(name) as {
        parent: string;
      }[];
      const key = info
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name);
      if (key.length === 0)
        throw new Error(`table ${name} has no primary key: it cannot be copied resumably`);
      return {
        name,
        columns: info.map((c) => c.name),
        key,
        parents: fks.map((f) => f.parent).filter((p) => p !== name),
      };
    });
  return { tables: dependencyOrder(tables), rebuilt: virtual };
}

/** Parents before children (Kahn), keeping the given order among tables that are ready together. */
export function dependencyOrder<T extends { name: string; parents: string[] }>(tables: T[]): T[] {
  const names = new Set(tables.map((t) => t.name));
  const done = new Set<string>();
  const ordered: T[] = [];
  while (ordered.length < tables.length) {
    const ready = tables.find(
      (t) => !done.has(t.name) && t.parents.every((p) => done.has(p) || !names.has(p)),
    );
    if (!ready) {
      const left = tables.filter((t) => !done.has(t.name)).map((t) => t.name);
      throw new Error(`foreign keys form a cycle among: ${left.join(', ')}`);
    }
    done.add(ready.name);
    ordered.push(ready);
  }
  return ordered;
}

/** Each table's insertable columns on PostgreSQL (generated columns left out) with their types. */
export async function targetColumns(target: Db): Promise<Map<string, CopyColumn[]>> {
  const r = await sql<{ table_name: string; column_name: string; udt_name: string }>`
    SELECT table_name, column_name, udt_name FROM information_schema.columns
    WHERE table_schema = current_schema() AND is_generated = 'NEVER'
    ORDER BY table_name, ordinal_position`.execute(target.kysely);
  const byTable = new Map<string, CopyColumn[]>();
  for (const row of r.rows) {
    const list = byTable.get(row.table_name) ?? [];
    list.push({ name: row.column_name, type: row.udt_name });
    byTable.set(row.table_name, list);
  }
  return byTable;
}

/**
 * The tables to copy: the source's, each matched column for column with the target's.
 * Both were migrated by this program, so a difference means a table outside the schema
 * (or a damaged one): stop and name it rather than copy part of a table.
 */
export function matchTables(source: SourceSchema, target: Map<string, CopyColumn[]>): CopyTable[] {
  return source.tables.map((t) => {
    const theirs = target.get(t.name);
    if (!theirs) throw new Error(`table ${t.name} exists in the source but not in the target`);
    const types = new Map(theirs.map((c) => [c.name, c.type]));
    const missing = t.columns.filter((c) => !types.has(c));
    const extra = theirs.filter((c) => !t.columns.includes(c.name)).map((c) => c.name);
    if (missing.length || extra.length)
      throw new Error(
        `table ${t.name} differs: ${[
          missing.length ? `only in the source: ${missing.join(', ')}` : '',
          extra.length ? `only in the target: ${extra.join(', ')}` : '',
        ]
          .filter(Boolean)
          .join('; ')}`,
      );
    return {
      name: t.name,
      columns: t.columns.map((name) => ({ name, type: types.get(name)! })),
      key: t.key,
      parents: t.parents,
    };
  });
}

/** Moves every identity or serial counter of the target past its table's largest id. */
export async function advanceSequences(target: Db, tables: string[]): Promise<void> {
  const r = await sql<{ table_name: string; column_name: string }>`
    SELECT table_name, column_name FROM information_schema.columns
    WHERE table_schema = current_schema() AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')`.execute(
    target.kysely,
  );
  for (const { table_name: t, column_name: c } of r.rows) {
    if (!tables.includes(t)) continue;
    await sql`SELECT setval(pg_get_serial_sequence(${t}, ${c}), (SELECT coalesce(max(${sql.ref(c)}), 0) + 1 FROM ${sql.table(t)}), false)`.execute(
      target.kysely,
    );
  }
}
