import path from 'node:path';
import type { Config } from '../config.ts';
import { connect, type Db } from './connect.ts';
import { migrateToLatest } from './migrate.ts';

/** Opens the configured database and brings its schema up to date. */
export async function openDatabase(config: Pick<Config, 'DATABASE_URL' | 'PAPERBOY_DATA_DIR'>): Promise<Db> {
  const db = connect({
    databaseUrl: config.DATABASE_URL,
    sqlitePath: path.join(config.PAPERBOY_DATA_DIR, 'paperboy.db'),
  });
  try {
    await migrateToLatest(db);
  } catch (e) {
    await db.close();
    throw e;
  }
  return db;
}
