/**
 * Opens the database: SQLite (better-sqlite3, WAL) by default, PostgreSQL when a
 * postgres:// URL is given. Only *.repo.ts files, migrations and jobs import this module's
 * `Db`; everything else receives it through deps.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, type SqliteDatabase, SqliteDialect } from 'kysely';
import { watchCommits } from './commit-mark.ts';
import type { Database, DialectName } from './schema.ts';

export interface Db {
  kysely: Kysely<Database>;
  dialect: DialectName;
  /** The raw better-sqlite3 handle (SQLite only): for bulk paths that need prepared statements. */
  sqlite?: SQLite.Database;
  close(): Promise<void>;
  /**
   * Runs `fn` in one transaction: every write through the `Db` it receives commits or
   * rolls back together. Inside a transaction it simply joins it. Use cases that must
   * write several rows atomically call this and hand the `Db` on to repositories.
   */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
}

/** A `Db` over a Kysely instance (or an open transaction). */
export function makeDb(
  kysely: Kysely<Database>,
  dialect: DialectName,
  close: () => Promise<void>,
  sqlite?: SQLite.Database,
): Db {
  const db: Db = {
    kysely,
    dialect,
    sqlite,
    close,
    transaction: (fn) =>
      kysely.isTransaction
        ? fn(db)
        : kysely.transaction().execute((trx) => fn(makeDb(trx, dialect, close, sqlite))),
  };
  return db;
}

export interface ConnectOptions {
  /** postgres://… URL; when absent, SQLite at `sqlitePath`. */
  databaseUrl?: string;
  /** SQLite file path, or ':memory:'. */
  sqlitePath?: string;
  /** Max PostgreSQL pool size. */
  poolSize?: number;
}

/**
 * The PostgreSQL driver, loaded on first use: an instance on SQLite never loads it (it
 * is a good part of start-up time). COUNT(*) and BIGINT come back as strings from pg by
 * default; our counts fit in a double.
 */
let pgModule: typeof import('pg') | undefined;
function loadPg(): typeof import('pg') {
  if (!pgModule) {
    pgModule = createRequire(import.meta.url)('pg') as typeof import('pg');
    pgModule.types.setTypeParser(pgModule.types.builtins.INT8, (v) => Number(v));
    pgModule.types.setTypeParser(pgModule.types.builtins.NUMERIC, (v) => Number(v));
  }
  return pgModule;
}

export function connect(opts: ConnectOptions): Db {
  if (opts.databaseUrl) {
    const pool = new (loadPg().Pool)({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
    // An idle client dies when PostgreSQL restarts or a connection is terminated; without a
    // listener that 'error' event would crash the process. The pool replaces the client.
    pool.on('error', () => {});
    // Keep NOTICEs (e.g. "relation already exists, skipping") out of the logs.
    pool.on('connect', (client) => {
      client.on('notice', () => {});
      void client.query('SET client_min_messages TO warning').catch(() => {});
    });
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return makeDb(kysely, 'postgres', () => kysely.destroy());
  }
  const file = opts.sqlitePath ?? ':memory:';
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  // 64 MiB of page cache instead of 2 MiB: index pages of a million papers stay hot, which
  // makes bulk imports several times faster and costs little on a server.
  sqlite.pragma('cache_size = -65536');
  const commits = watchCommits(sqlite);
  const kysely = new Kysely<Database>({
    dialect: new SqliteDialect({ database: keepingStatements(sqlite) }),
  });
  return makeDb(
    kysely,
    'sqlite',
    async () => {
      await kysely.destroy();
      commits?.close();
    },
    sqlite,
  );
}

/** Prepared statements Kysely keeps per SQLite connection (least recently used first out). */
const STATEMENTS_KEPT = 500;

/**
 * The connection as Kysely sees it, keeping its prepared statements: Kysely prepares every
 * query it runs, and preparing (parsing and planning) costs more than running most of ours.
 * Reusing a statement is safe: Kysely runs one query at a time on the connection, and
 * SQLite re-prepares a kept statement by itself after a schema change.
 */
function keepingStatements(sqlite: SQLite.Database): SqliteDatabase {
  const kept = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let stmt = kept.get(sql);
      if (stmt) kept.delete(sql);
      else stmt = sqlite.prepare(sql);
      kept.set(sql, stmt);
      if (kept.size > STATEMENTS_KEPT) kept.delete(kept.keys().next().value!);
      return stmt;
    },
  };
}
