import { type CreateTableBuilder, type Kysely, type Migration, sql } from 'kysely';
import type { DialectName } from '../schema.ts';

/** An auto-increment integer primary key `id`, spelled right for each dialect. */
export function withId<T extends string>(table: CreateTableBuilder<T, never>, dialect: DialectName) {
  return dialect === 'sqlite'
    ? table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity());
}

/** `0` default for integer flags and counters. */
export const zero = sql`0`;

/** A migration, built for the dialect it runs on (DDL may differ: FTS5 vs tsvector). */
export type MigrationFactory = (dialect: DialectName) => Migration;

/**
 * Triggers that move a data domain's version (migration 0008_cache) with every write of
 * `events` to `table`, in the writing transaction: pages showing the table's rows are
 * then re-rendered. Idempotent. Table, domain and events are code, never input.
 */
export async function bumpDataVersionOn(
  // biome-ignore lint/suspicious/noExplicitAny: migrations run on an untyped Kysely
  db: Kysely<any>,
  dialect: DialectName,
  table: string,
  domain: string,
  events: ('INSERT' | 'UPDATE' | 'DELETE')[],
) {
  if (dialect === 'sqlite') {
    for (const event of events)
      await sql
        .raw(
          `CREATE TRIGGER IF NOT EXISTS ${table}_version_${event.toLowerCase()} AFTER ${event} ON ${table} ` +
            `BEGIN UPDATE data_versions SET version = version + 1 WHERE domain = '${domain}'; END`,
        )
        .execute(db);
    return;
  }
  await sql
    .raw(
      `DO $$ BEGIN
         IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = '${table}_version'
                        AND tgrelid = '${table}'::regclass) THEN
           CREATE CONSTRAINT TRIGGER ${table}_version AFTER ${events.join(' OR ')} ON ${table}
           DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version('${domain}');
         END IF;
       END $$`,
    )
    .execute(db);
}
