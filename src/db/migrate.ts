/**
 * Runs the schema migrations in order. Migrations are code (not files found at run
 * time) so they ship with the program; each may switch on the dialect for DDL that
 * differs (FTS5 virtual tables vs tsvector columns).
 */
import { type Migration, type MigrationProvider, Migrator } from 'kysely';
import type { Db } from './connect.ts';
import { migrations } from './migrations/index.ts';

function migrator(db: Db): Migrator {
  const provider: MigrationProvider = {
    getMigrations: async () => {
      const all: Record<string, Migration> = {};
      for (const [name, make] of Object.entries(migrations)) all[name] = make(db.dialect);
      return all;
    },
  };
  // Capabilities add migrations independently; order among them does not matter, and an
  // existing database must accept one that sorts before its last applied migration.
  return new Migrator({ db: db.kysely, provider, allowUnorderedMigrations: true });
}

export async function migrateToLatest(db: Db): Promise<string[]> {
  const { error, results } = await migrator(db).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`Migration ${failed ?? ''} failed: ${(error as Error).message ?? error}`, {
      cause: error,
    });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Migrations this program has that the database has not applied (read-only). */
export async function pendingMigrations(db: Db): Promise<string[]> {
  const all = await migrator(db).getMigrations();
  return all.filter((m) => !m.executedAt).map((m) => m.name);
}
