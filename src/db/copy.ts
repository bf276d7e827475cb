/**
 * `paperboy copy`: moves a whole instance from SQLite to PostgreSQL.
 *
 * Every table of the source (copy-schema.ts) is copied in foreign-key order, in
 * primary-key order, one INSERT … ON CONFLICT DO NOTHING per batch. A batch commits or
 * not as a whole, so an interrupted copy leaves each table holding a prefix of the
 * source's rows in key order; a re-run therefore resumes each table after the rows it
 * already holds and can never write a row twice. A scratch table in the target names the
 * source while a copy is unfinished, which is how a re-run tells its own half-done copy
 * from a database with other data in it (refused). At the end identity counters move
 * past the largest ids, and every table is verified: the same number of rows and the
 * same order-independent checksum of canonical values on both sides (copy-values.ts).
 *
 * The source is read inside one transaction, so the copy sees one consistent state even
 * if something writes to it meanwhile (stop the old instance first: later writes would
 * not be copied).
 */
import fs from 'node:fs';
import path from 'node:path';
import { type Kysely, type QueryResult, type RawBuilder, sql } from 'kysely';
import { ensureVectorTables, storedDimensions, vectorSupport } from '../search/vectors.repo.ts';
import { AppError } from '../shared/errors.ts';
import { connect, type Db } from './connect.ts';
import {
  advanceSequences,
  type CopyTable,
  matchTables,
  readSourceSchema,
  type SourceSchema,
  targetColumns,
} from './copy-schema.ts';
import { TableChecksum, toTarget } from './copy-values.ts';
import { migrateToLatest } from './migrate.ts';

/** Created on first use by search/vectors.repo.ts with the model's dimension, not by a migration. */
const VECTORS = 'paper_embeddings';
/** Exists in the target only while a copy into it is unfinished. */
const MARKER = 'paperboy_copy_source';
/** PostgreSQL takes at most 65,535 parameters per statement. */
const MAX_PARAMETERS = 60_000;

export class CopyRefusedError extends AppError {
  constructor(message: string) {
    super('copy_refused', message, 409);
  }
}

export interface TableReport {
  table: string;
  /** Rows in the source. */
  rows: number;
  /** Rows this run wrote (fewer than `rows` when it resumed an earlier run). */
  copied: number;
  /** Rows in the target after the copy, and both checksums. */
  targetRows: number;
  checksum: string;
  targetChecksum: string;
  ok: boolean;
}

export interface CopyReport {
  tables: TableReport[];
  /** Source tables the target builds itself (SQLite's full-text index). */
  rebuilt: string[];
  /** Source tables not copied, and why. */
  skipped: { table: string; rows: number; reason: string }[];
  /** Whether an earlier, interrupted copy had written rows that this run kept. */
  resumed: boolean;
  /** The target already was a complete copy: nothing was written. */
  alreadyComplete: boolean;
  /** Every table has the same rows on both sides. */
  ok: boolean;
}

export interface CopyOptions {
  /** Names the source (its resolved path): a re-run resumes only a copy of the same source. */
  sourceName: string;
  /** Rows per INSERT (fewer for tables with many columns). */
  batchSize?: number;
  /** Called after every committed batch and every verified batch. */
  onProgress?: (stage: 'copy' | 'verify', done: number, total: number) => void;
}

/** Copies everything from an open SQLite database into an open PostgreSQL database; both migrated. */
export async function copyDatabase(source: Db, target: Db, opts: CopyOptions): Promise<CopyReport> {
  const sqlite = source.sqlite;
  if (!sqlite || target.dialect !== 'postgres') throw new Error('copy goes from SQLite to PostgreSQL');
  sqlite.exec('BEGIN');
  try {
    const schema = readSourceSchema(sqlite);
    const count = (t: string) =>
      (sqlite.prepare(`SELECT count(*) AS n FROM ${quote(t)}`).get() as { n: number }).n;
    const vectors = await planVectors(source, target, schema, count);
    const existing = await targetColumns(target);
    const rows = new Map(schema.tables.map((t) => [t.name, count(t.name)]));
    const held = new Map<string, number>();
    for (const t of schema.tables)
      held.set(t.name, existing.has(t.name) ? await countTarget(target, t.name) : 0);
    const report = (tables: TableReport[], resumed: boolean, alreadyComplete: boolean): CopyReport => ({
      tables,
      rebuilt: schema.rebuilt,
      skipped: vectors.skipped,
      resumed,
      alreadyComplete,
      ok: tables.every((t) => t.ok),
    });

    const marker = await copyMarker(target);
    if (marker !== null && marker !== opts.sourceName)
      throw new CopyRefusedError(
        `the target holds an unfinished copy of another source (${marker}); finish that copy, or copy into a new, empty database`,
      );
    const nonEmpty = schema.tables.filter((t) => held.get(t.name)! > 0);
    if (marker === null && nonEmpty.length > 0) {
      // Perhaps the copy finished earlier (the scratch table goes last): verify it.
      const complete = schema.tables.every((t) => held.get(t.name) === rows.get(t.name));
      const verified = complete ? await verify(source, target, matchTables(schema, existing), opts) : null;
      if (verified?.every((t) => t.ok)) return report(verified, false, true);
      throw new CopyRefusedError(
        `the target database is not empty (${nonEmpty
          .slice(0, 5)
          .map((t) => `${t.name}: ${held.get(t.name)} rows`)
          .join(', ')}${nonEmpty.length > 5 ? ', …' : ''}); copy into a new, empty database`,
      );
    }
    if (marker === null) await setCopyMarker(target, opts.sourceName);
    if (vectors.dims !== null) await ensureVectorTables(target, vectors.dims);
    const tables = matchTables(schema, await targetColumns(target));

    const total = [...rows.values()].reduce((a, b) => a + b, 0);
    let done = [...held.values()].reduce((a, b) => a + b, 0);
    const copied = new Map<string, number>();
    for (const t of tables) {
      copied.set(
        t.name,
        await copyTable(sqlite, target, t, held.get(t.name)!, opts.batchSize ?? 1000, (n) => {
          done += n;
          opts.onProgress?.('copy', done, total);
        }),
      );
    }
    await advanceSequences(
      target,
      tables.map((t) => t.name),
    );
    // The keyword index is the target's own: its trigger was off while papers were copied.
    await sql`INSERT INTO paper_search (id, published_at, search_doc)
      SELECT p.id, p.published_at, paper_search_doc(p.title, p.authors_text, p.abstract) FROM papers p
      WHERE NOT EXISTS (SELECT 1 FROM paper_search s WHERE s.id = p.id)`.execute(target.kysely);
    await sql`ANALYZE`.execute(target.kysely);

    const verified = await verify(source, target, tables, opts);
    for (const v of verified) v.copied = copied.get(v.table) ?? 0;
    const result = report(verified, nonEmpty.length > 0, false);
    if (result.ok) await sql`DROP TABLE ${sql.table(MARKER)}`.execute(target.kysely);
    return result;
  } finally {
    sqlite.exec('COMMIT');
  }
}

/** Opens both databases (migrating them, as every command does), copies, and closes them. */
export async function copyInstance(opts: {
  sqlitePath: string;
  databaseUrl: string;
  batchSize?: number;
  onProgress?: CopyOptions['onProgress'];
}): Promise<CopyReport> {
  if (!fs.existsSync(opts.sqlitePath) || !fs.statSync(opts.sqlitePath).isFile())
    throw new AppError('not_found', `no SQLite database at ${opts.sqlitePath}`);
  const source = connect({ sqlitePath: opts.sqlitePath });
  const target = connect({ databaseUrl: opts.databaseUrl, poolSize: 2 });
  try {
    await migrateToLatest(source);
    await migrateToLatest(target);
    return await copyDatabase(source, target, {
      sourceName: path.resolve(fs.realpathSync(opts.sqlitePath)),
      batchSize: opts.batchSize,
      onProgress: opts.onProgress,
    });
  } finally {
    await source.close();
    await target.close();
  }
}

/**
 * Vectors go along when the target can hold them (pgvector), in a table made for the
 * source's dimension; otherwise they are left out, to be recomputed there by `paperboy embed`.
 */
async function planVectors(
  source: Db,
  target: Db,
  schema: SourceSchema,
  count: (t: string) => number,
): Promise<{ dims: number | null; skipped: CopyReport['skipped'] }> {
  if (!schema.tables.some((t) => t.name === VECTORS)) return { dims: null, skipped: [] };
  const dims = await storedDimensions(source);
  const support = await vectorSupport(target);
  if (dims !== null && support.ok) return { dims, skipped: [] };
  schema.tables = schema.tables.filter((t) => t.name !== VECTORS);
  if (dims === null) return { dims: null, skipped: [] };
  const reason = `${support.reason}: run \`paperboy embed\` on the new instance to compute them again`;
  return { dims: null, skipped: [{ table: VECTORS, rows: count(VECTORS), reason }] };
}

async function countTarget(target: Db, table: string): Promise<number> {
  const r = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(target.kysely);
  return Number(r.rows[0]!.n);
}

async function copyMarker(target: Db): Promise<string | null> {
  const exists = await sql`SELECT 1 FROM information_schema.tables
    WHERE table_schema = current_schema() AND table_name = ${MARKER}`.execute(target.kysely);
  if (exists.rows.length === 0) return null;
  const r = await sql<{ source: string }>`SELECT source FROM ${sql.table(MARKER)}`.execute(target.kysely);
  return r.rows[0]?.source ?? null;
}

async function setCopyMarker(target: Db, sourceName: string): Promise<void> {
  await target.transaction(async (tx) => {
    await sql`CREATE TABLE ${sql.table(MARKER)} (source text NOT NULL, started_at text NOT NULL)`.execute(
      tx.kysely,
    );
    await sql`INSERT INTO ${sql.table(MARKER)} VALUES (${sourceName}, ${new Date().toISOString()})`.execute(
      tx.kysely,
    );
  });
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Copies one table's rows after the first `held` (the prefix an earlier run committed),
 * batch by batch in key order. Returns the rows written.
 */
async function copyTable(
  sqlite: NonNullable<Db['sqlite']>,
  target: Db,
  table: CopyTable,
  held: number,
  batchSize: number,
  onBatch: (rows: number) => void,
): Promise<number> {
  const cols = table.columns.map((c) => quote(c.name)).join(', ');
  const key = table.key.map(quote).join(', ');
  const from = `SELECT ${cols} FROM ${quote(table.name)}`;
  const limit = Math.max(1, Math.min(batchSize, Math.floor(MAX_PARAMETERS / table.columns.length)));
  const first = sqlite.prepare(`${from} ORDER BY ${key} LIMIT ?`);
  const next = sqlite.prepare(
    `${from} WHERE (${key}) > (${table.key.map(() => '?').join(', ')}) ORDER BY ${key} LIMIT ?`,
  );
  const keyAt = (offset: number) =>
    Object.values(
      sqlite
        .prepare(`SELECT ${key} FROM ${quote(table.name)} ORDER BY ${key} LIMIT 1 OFFSET ?`)
        .get(offset) as object,
    );
  // biome-ignore lint/suspicious/noExplicitAny: table names come from the schema at run time
  const kysely = target.kysely as unknown as Kysely<any>;
  let cursor: unknown[] | null = held > 0 ? keyAt(held - 1) : null;
  let written = 0;
  for (;;) {
    const batch = (cursor ? next.all(...cursor, limit) : first.all(limit)) as Record<string, unknown>[];
    if (batch.length === 0) return written;
    const values = batch.map((row) => {
      const out: Record<string, unknown> = {};
      for (const c of table.columns) out[c.name] = toTarget(row[c.name], c.type);
      return out;
    });
    try {
      // Rows are copied as they are: the target's own triggers (upvote counters, data
      // versions) would count them a second time. Disabling them inside the batch's
      // transaction means a copy killed mid-batch leaves them enabled (DDL rolls back).
      const r = await kysely.transaction().execute(async (tx) => {
        const t = sql.table(table.name);
        await sql`ALTER TABLE ${t} DISABLE TRIGGER USER`.execute(tx);
        const inserted = await tx
          .insertInto(table.name)
          .values(values)
          .onConflict((oc) => oc.doNothing())
          .executeTakeFirst();
        await sql`ALTER TABLE ${t} ENABLE TRIGGER USER`.execute(tx);
        return inserted;
      });
      written += Number(r.numInsertedOrUpdatedRows ?? 0);
    } catch (e) {
      throw new Error(
        `copying ${table.name} (rows after key ${JSON.stringify(cursor)}): ${(e as Error).message}`,
        {
          cause: e,
        },
      );
    }
    const last = batch[batch.length - 1]!;
    cursor = table.key.map((k) => last[k]);
    onBatch(batch.length);
  }
}

/** Row counts and checksums of every table on both sides. */
async function verify(
  source: Db,
  target: Db,
  tables: CopyTable[],
  opts: CopyOptions,
): Promise<TableReport[]> {
  const sqlite = source.sqlite!;
  const total = tables.reduce(
    (n, t) => n + (sqlite.prepare(`SELECT count(*) AS n FROM ${quote(t.name)}`).get() as { n: number }).n,
    0,
  );
  let done = 0;
  const out: TableReport[] = [];
  for (const t of tables) {
    const mine = new TableChecksum(t.columns);
    for (const row of sqlite.prepare(`SELECT * FROM ${quote(t.name)}`).iterate())
      mine.add(row as Record<string, unknown>);
    const theirs = new TableChecksum(t.columns);
    let cursor: unknown[] | null = null;
    const cols = sql.join(t.columns.map((c) => sql.ref(c.name)));
    const key = sql.join(t.key.map((k) => sql.ref(k)));
    for (;;) {
      const where: RawBuilder<unknown> = cursor ? sql`WHERE (${key}) > (${sql.join(cursor)})` : sql``;
      const r: QueryResult<Record<string, unknown>> = await sql<
        Record<string, unknown>
      >`SELECT ${cols} FROM ${sql.table(t.name)} ${where}
        ORDER BY ${key} LIMIT 5000`.execute(target.kysely);
      for (const row of r.rows) theirs.add(row);
      if (r.rows.length === 0) break;
      const last: Record<string, unknown> = r.rows[r.rows.length - 1]!;
      cursor = t.key.map((k) => last[k]);
      done += r.rows.length;
      opts.onProgress?.('verify', Math.min(done, total), total);
    }
    out.push({
      table: t.name,
      rows: mine.rows,
      copied: 0,
      targetRows: theirs.rows,
      checksum: mine.value,
      targetChecksum: theirs.value,
      ok: mine.rows === theirs.rows && mine.value === theirs.value,
    });
  }
  return out;
}
