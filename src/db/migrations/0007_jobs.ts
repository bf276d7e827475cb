import type { Kysely } from 'kysely';
import type { MigrationFactory } from './helpers.ts';

/**
 * Shared state for several processes on one database: rate-limit counters (so a limit
 * holds across web nodes) and an index for `paperboy jobs` (latest runs per kind).
 */
export const jobs: MigrationFactory = () => ({
  // biome-ignore lint/suspicious/noExplicitAny: Kysely's documented migration signature
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('rate_limit_counters')
      .addColumn('bucket', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('hits', 'integer', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('rate_limit_counters_pk', ['bucket', 'key'])
      .execute();
    await db.schema
      .createIndex('rate_limit_counters_expiry')
      .on('rate_limit_counters')
      .column('expires_at')
      .execute();
    await db.schema.createIndex('jobs_kind_updated').on('jobs').columns(['kind', 'updated_at']).execute();
  },
  // biome-ignore lint/suspicious/noExplicitAny: Kysely's documented migration signature
  async down(db: Kysely<any>) {
    await db.schema.dropIndex('jobs_kind_updated').execute();
    await db.schema.dropTable('rate_limit_counters').execute();
  },
});
