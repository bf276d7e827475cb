/**
 * Fresh, migrated databases for tests: SQLite in memory, and a throwaway PostgreSQL
 * database per call when PostgreSQL is available. Use `forEachDialect` to run a suite on both.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach, beforeEach, describe } from 'vitest';
import { connect, type Db } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import type { DialectName } from '../../src/db/schema.ts';
import { HAS_PG, PG_URL } from './env.ts';

export const dialects: DialectName[] = HAS_PG ? ['sqlite', 'postgres'] : ['sqlite'];

/** describe() once per available database; the name gets the dialect appended. */
export function forEachDialect(name: string, fn: (dialect: DialectName) => void) {
  for (const d of dialects) describe(`${name} [${d}]`, () => fn(d));
}

export interface TestDb extends Db {
  /** For PostgreSQL: the URL of this throwaway database (for child processes). */
  url?: string;
}

/**
 * A migrated, empty database. `sqlitePath` puts SQLite in a file (for multi-process
 * tests); `migrate: false` leaves it without any table (a restore target).
 */
export async function createTestDb(
  dialect: DialectName,
  opts: { sqlitePath?: string; migrate?: boolean } = {},
): Promise<TestDb> {
  const migrate = opts.migrate ?? true;
  if (dialect === 'sqlite') {
    const db = connect({ sqlitePath: opts.sqlitePath ?? ':memory:' });
    if (migrate) await migrateToLatest(db);
    return db;
  }
  const name = `pb_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  const db = connect({ databaseUrl: url.toString(), poolSize: 20 });
  if (migrate) await migrateToLatest(db);
  return {
    ...db,
    url: url.toString(),
    async close() {
      await db.close();
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * A fresh migrated database for every test of the enclosing describe, closed after it:
 * `let db: TestDb; freshDbEachTest(dialect, (d) => { db = d; });`
 */
export function freshDbEachTest(dialect: DialectName, use: (db: TestDb) => void): void {
  let db: TestDb | undefined;
  beforeEach(async () => {
    db = await createTestDb(dialect);
    use(db);
  });
  afterEach(async () => {
    await db?.close();
  });
}
