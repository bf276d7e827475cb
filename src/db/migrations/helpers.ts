import { type CreateTableBuilder, type Migration, sql } from 'kysely';
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
