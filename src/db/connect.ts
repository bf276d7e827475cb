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
  /**
   * How to open another connection to the same database (a worker thread's): absent
   * for SQLite in memory, which no other connection can see.
   */
  source?: DbSource;
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
  source?: DbSource,
): Db {
  const db: Db = {
    kysely,
    dialect,
    sqlite,
    source,
    close,
    transaction: (fn) =>
      kysely.isTransaction
        ? fn(db)
        : kysely.transaction().execute((trx) => fn(makeDb(trx, dialect, close, sqlite, source))),
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
  /**
   * Reading only: SQLite opens the file read-only (it must exist: a database gone is an
   * error, not a new empty file); PostgreSQL sessions default to read-only transactions.
   */
  readonly?: boolean;
}

/** What names a database, to open it again elsewhere. */
export type DbSource = Pick<ConnectOptions, 'databaseUrl' | 'sqlitePath'>;

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

/**
 * How long an idle PostgreSQL connection is kept (node-postgres closes it after 10 s by
 * default). A new connection's backend starts cold: it loads its catalog caches and text
 * search dictionaries and maps every shared buffer it touches anew, so on a quiet
 * instance (a search every few seconds) each search paid for that: at 1M papers, the
 * same searches 12 s apart took 289–892 ms against 144–226 ms 2 s apart. The pool's size
 * (at most 10 a process, in the connection budget of docs/DEPLOY.md) is unchanged.
 */
export const IDLE_CONNECTION_MS = 15 * 60_000;

export function connect(opts: ConnectOptions): Db {
  if (opts.databaseUrl) {
    const pool = new (loadPg().Pool)({
      connectionString: opts.databaseUrl,
      max: opts.poolSize ?? 10,
      idleTimeoutMillis: IDLE_CONNECTION_MS,
      // Idle connections must not keep a finished command's process alive for that long.
      allowExitOnIdle: true,
    });
    // An idle client dies when PostgreSQL restarts or a connection is terminated; without a
    // listener that 'error' event would crash the process. The pool replaces the client.
    pool.on('error', () => {});
    // Keep NOTICEs (e.g. "relation already exists, skipping") out of the logs.
    pool.on('connect', (client) => {
      client.on('notice', () => {});
      const settings = opts.readonly ? '; SET default_transaction_read_only TO on' : '';
      void client.query(`SET client_min_messages TO warning${settings}`).catch(() => {});
    });
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return makeDb(kysely, 'postgres', () => kysely.destroy(), undefined, { databaseUrl: opts.databaseUrl });
  }
  const file = opts.sqlitePath ?? ':memory:';
  if (file !== ':memory:' && !opts.readonly) fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file, opts.readonly ? { readonly: true, fileMustExist: true } : {});
  // A read-only connection changes nothing: the file's journal mode (WAL) is its writer's.
  if (!opts.readonly) {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
  }
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  // 64 MiB of page cache instead of 2 MiB: index pages of a million papers stay hot, which
  // makes bulk imports several times faster and costs little on a server.
  sqlite.pragma('cache_size = -65536');
  const commits = opts.readonly ? undefined : watchCommits(sqlite);
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
    sqlite.memory ? undefined : { sqlitePath: path.resolve(file) },
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
