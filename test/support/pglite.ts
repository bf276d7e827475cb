/**
 * PostgreSQL with pgvector for tests, in process: PGlite + its pgvector build behind a
 * minimal Kysely driver, so vector storage code runs its real PostgreSQL SQL even when the
 * test server lacks the extension. Migrated like any test database.
 */
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import { type Db, makeDb } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import type { Database } from '../../src/db/schema.ts';

class PgliteConnection implements DatabaseConnection {
  constructor(private readonly pg: PGlite) {}
  async executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
    const r = await this.pg.query<R>(q.sql, q.parameters as unknown[]);
    return {
      rows: r.rows,
      ...(r.affectedRows !== undefined ? { numAffectedRows: BigInt(r.affectedRows) } : {}),
    };
  }
  // biome-ignore lint/correctness/useYield: streaming is not used by the code under test
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming is not supported on PGlite');
  }
}

class PgliteDriver implements Driver {
  private readonly conn: PgliteConnection;
  // PGlite is one connection: queries and transactions take turns.
  private lock: Promise<void> = Promise.resolve();
  private release: (() => void) | null = null;
  constructor(private readonly pg: PGlite) {
    this.conn = new PgliteConnection(pg);
  }
  async init() {}
  async acquireConnection() {
    const prev = this.lock;
    let release!: () => void;
    this.lock = new Promise<void>((r) => {
      release = r;
    });
    await prev;
    this.release = release;
    return this.conn;
  }
  async beginTransaction(c: DatabaseConnection, _s: TransactionSettings) {
    await (c as PgliteConnection).executeQuery({ sql: 'BEGIN', parameters: [] } as unknown as CompiledQuery);
  }
  async commitTransaction(c: DatabaseConnection) {
    await (c as PgliteConnection).executeQuery({ sql: 'COMMIT', parameters: [] } as unknown as CompiledQuery);
  }
  async rollbackTransaction(c: DatabaseConnection) {
    await (c as PgliteConnection).executeQuery({
      sql: 'ROLLBACK',
      parameters: [],
    } as unknown as CompiledQuery);
  }
  async releaseConnection() {
    const r = this.release;
    this.release = null;
    r?.();
  }
  async destroy() {
    await this.pg.close();
  }
}

/** A migrated in-memory PostgreSQL (PGlite) with pgvector available. */
export async function createPgliteDb(): Promise<Db> {
  const pg = await PGlite.create({ extensions: { vector } });
  const kysely = new Kysely<Database>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new PgliteDriver(pg),
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
  const db: Db = makeDb(kysely, 'postgres', () => kysely.destroy());
  await migrateToLatest(db);
  return db;
}
