/**
 * Data versions per domain, for the page cache (web/page-cache.ts): one row per domain
 * whose counter moves, in the same transaction, with every write to the domain's tables,
 * so a cached page is re-rendered exactly when something it shows may have changed, and
 * writes elsewhere (sessions, sign-in links, jobs, email outbox, rate counters, other
 * databases on the server) leave it alone. Triggers keep the counters, so every write path
 * (imports, the CLI, another process or node) is covered without knowing about them.
 *
 * Domains: papers (papers and their featuring in daily_entries, counters included),
 * votes, comments, users (only changes to an existing account: a new account shows on no
 * page until it writes something of another domain).
 *
 * SQLite: plain row triggers (one writer at a time, an update of a one-page table).
 * PostgreSQL: deferred constraint triggers, so a domain's row is locked only while the
 * writing transaction commits (never across a long import), bumped once per transaction
 * (a transaction-local setting remembers it). A later migration whose table shows on
 * cached pages calls `bumpDataVersionOn` (helpers.ts) for it.
 */
import { type Kysely, sql } from 'kysely';
import type { MigrationFactory } from './helpers.ts';
import { bumpDataVersionOn } from './helpers.ts';

const WATCHED: { table: string; domain: string; events: ('INSERT' | 'UPDATE' | 'DELETE')[] }[] = [
  { table: 'papers', domain: 'papers', events: ['INSERT', 'UPDATE', 'DELETE'] },
  { table: 'daily_entries', domain: 'papers', events: ['INSERT', 'UPDATE', 'DELETE'] },
  { table: 'votes', domain: 'votes', events: ['INSERT', 'UPDATE', 'DELETE'] },
  { table: 'comments', domain: 'comments', events: ['INSERT', 'UPDATE', 'DELETE'] },
  { table: 'users', domain: 'users', events: ['UPDATE', 'DELETE'] },
];
const DOMAINS = [...new Set(WATCHED.map((w) => w.domain))];

export const cache: MigrationFactory = (dialect) => ({
  // biome-ignore lint/suspicious/noExplicitAny: Kysely's documented migration signature
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('data_versions')
      .addColumn('domain', 'text', (c) => c.primaryKey())
      .addColumn('version', 'bigint', (c) => c.notNull().defaultTo(0))
      .execute();
    await db
      .insertInto('data_versions')
      .values(DOMAINS.map((domain) => ({ domain, version: 0 })))
      .execute();

    if (dialect === 'postgres')
      await sql
        .raw(
          `CREATE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
           DECLARE flag text := 'paperboy.version_bumped_' || TG_ARGV[0];
           BEGIN
             IF coalesce(current_setting(flag, true), '') <> 'y' THEN
               UPDATE data_versions SET version = version + 1 WHERE domain = TG_ARGV[0];
               PERFORM set_config(flag, 'y', true);
             END IF;
             RETURN NULL;
           END $$`,
        )
        .execute(db);
    for (const { table, domain, events } of WATCHED)
      await bumpDataVersionOn(db, dialect, table, domain, events);
  },
});
