import type { Kysely } from 'kysely';
import type { MigrationFactory } from './helpers.ts';

/**
 * Operations: a job remembers the request that queued it (`jobs.request_id`), so the
 * worker's log lines for that job carry the request's id.
 */
export const ops: MigrationFactory = () => ({
  // biome-ignore lint/suspicious/noExplicitAny: Kysely's documented migration signature
  async up(db: Kysely<any>) {
    await db.schema.alterTable('jobs').addColumn('request_id', 'text').execute();
  },
});
