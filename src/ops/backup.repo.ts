/**
 * `paperboy backup` and `paperboy restore`: a consistent copy of a live database, and
 * putting one back.
 *
 * SQLite: SQLite's online backup API (better-sqlite3 `backup`), page by page while the
 * server keeps serving and writing; the copy is written beside the target and renamed
 * into place only once complete and checked (`PRAGMA quick_check`), so an interrupted
 * backup never leaves a file that looks whole. Restoring checks the file the same way
 * and copies it to the database path, which must not be in use.
 *
 * PostgreSQL: `pg_dump --format=custom` (one consistent snapshot, compressed) and
 * `pg_restore` into an empty database; both must be at least the server's major version.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import type { Db } from '../db/connect.ts';
import { AppError } from '../shared/errors.ts';

export interface BackupProgress {
  done: number;
  total: number;
}

/** A backup or restore that cannot be done, with the reason (no stack trace needed). */
export class BackupError extends AppError {
  constructor(message: string) {
    super('backup_failed', message, 500);
  }
}

/** Copies the SQLite database of `db` to `file` online; returns the pages copied. */
export async function backupSqlite(
  db: Db,
  file: string,
  onProgress?: (p: BackupProgress) => void,
): Promise<{ pages: number }> {
  if (!db.sqlite) throw new BackupError('not a SQLite database');
  const target = path.resolve(file);
  const partial = `${target}.partial`;
  fs.rmSync(partial, { force: true });
  try {
    // 256 pages per step: other connections write between steps; a write during the
    // backup makes SQLite restart it from the changed page, so the copy is one snapshot.
    const r = await db.sqlite.backup(partial, {
      progress: ({ totalPages, remainingPages }) => {
        onProgress?.({ done: totalPages - remainingPages, total: totalPages });
        return 256;
      },
    });
    onProgress?.({ done: r.totalPages, total: r.totalPages });
    checkSqliteFile(partial);
    fs.renameSync(partial, target);
    return { pages: r.totalPages };
  } catch (e) {
    fs.rmSync(partial, { force: true });
    throw e;
  }
}

/** Throws unless `file` is a sound Paperboy SQLite database. */
export function checkSqliteFile(file: string): void {
  let check: SQLite.Database | undefined;
  try {
    check = new SQLite(file, { readonly: true, fileMustExist: true });
    const result = check.pragma('quick_check', { simple: true });
    if (result !== 'ok') throw new BackupError(`${file} is damaged: ${String(result)}`);
    const migrated = check
      .prepare("select count(*) as n from sqlite_master where name = 'kysely_migration'")
      .get() as { n: number };
    if (migrated.n === 0) throw new BackupError(`${file} is not a Paperboy database (no migrations table)`);
  } catch (e) {
    if (e instanceof BackupError) throw e;
    throw new BackupError(`${file} is not a readable SQLite database: ${(e as Error).message}`);
  } finally {
    check?.close();
  }
}

/**
 * Puts a SQLite backup in place at `dbPath` (the server must be stopped). Refuses to
 * overwrite an existing database unless `force`; the replaced file's WAL and shared-memory
 * files are removed so they cannot be replayed onto the restored one.
 */
export function restoreSqlite(file: string, dbPath: string, opts: { force: boolean }): { bytes: number } {
  checkSqliteFile(file);
  if (fs.existsSync(dbPath) && !opts.force)
    throw new BackupError(`${dbPath} exists; stop the server and pass --force to replace it`);
  fs.mkdirSync(path.dirname(dbPath), { recursive: true });
  const partial = `${dbPath}.restoring`;
  fs.copyFileSync(file, partial);
  for (const suffix of ['-wal', '-shm']) fs.rmSync(`${dbPath}${suffix}`, { force: true });
  fs.renameSync(partial, dbPath);
  return { bytes: fs.statSync(dbPath).size };
}

/** Runs a PostgreSQL client program; rejects with its error output. */
function run(program: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.on('error', (e: NodeJS.ErrnoException) =>
      reject(
        new BackupError(
          e.code === 'ENOENT'
            ? `${program} not found: install the PostgreSQL client tools (the server's major version or newer), or pass its path`
            : e.message,
        ),
      ),
    );
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new BackupError(`${path.basename(program)} failed: ${stderr.trim()}`)),
    );
  });
}

/** `pg_dump --format=custom` of `url` to `file` (written beside it first, renamed when complete). */
export async function backupPostgres(
  url: string,
  file: string,
  pgDump = 'pg_dump',
): Promise<{ bytes: number }> {
  const target = path.resolve(file);
  const partial = `${target}.partial`;
  try {
    await run(pgDump, [
      '--format=custom',
      '--no-owner',
      '--no-privileges',
      `--file=${partial}`,
      `--dbname=${url}`,
    ]);
    fs.renameSync(partial, target);
  } finally {
    fs.rmSync(partial, { force: true });
  }
  return { bytes: fs.statSync(target).size };
}

/** `pg_restore` of a `backupPostgres` file into the database at `url`, which must hold no tables yet. */
export async function restorePostgres(url: string, file: string, pgRestore = 'pg_restore'): Promise<void> {
  if (!fs.existsSync(file)) throw new BackupError(`${file} does not exist`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let tables: number;
  try {
    const r = await client.query<{ n: number }>(
      "select count(*)::int as n from pg_tables where schemaname = 'public'",
    );
    tables = r.rows[0]?.n ?? 0;
  } finally {
    await client.end();
  }
  if (tables > 0)
    throw new BackupError(
      'the target database is not empty: restore into a new database (createdb), then point DATABASE_URL at it',
    );
  await run(pgRestore, [
    '--no-owner',
    '--no-privileges',
    '--exit-on-error',
    '--single-transaction',
    `--dbname=${url}`,
    file,
  ]);
}
