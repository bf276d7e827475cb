import { type Kysely, sql } from 'kysely';
import type { MigrationFactory } from './helpers.ts';

export const hardening: MigrationFactory = () => ({
  // biome-ignore lint/suspicious/noExplicitAny: Kysely's documented migration signature
  async up(db: Kysely<any>) {
    // One confirmation email per address per window, whatever it subscribes to: the
    // per-subscription throttle let varied alert queries mail one address without end.
    await db.schema
      .createTable('mail_confirmations')
      .addColumn('email', 'text', (c) => c.primaryKey())
      .addColumn('sent_at', 'text', (c) => c.notNull())
      .execute();
    // People imported from Hugging Face live in their own handle space (`hf:<name>`), so
    // an import can never take, shadow or attach entries to a local account's handle.
    // Imported people are the rows without an email that were never deleted accounts.
    await sql`UPDATE users SET handle = 'hf:' || handle WHERE email IS NULL AND status <> 'deleted' AND handle NOT LIKE 'hf:%'`.execute(
      db,
    );
  },
  // biome-ignore lint/suspicious/noExplicitAny: Kysely's documented migration signature
  async down(db: Kysely<any>) {
    await sql`UPDATE users SET handle = substr(handle, 4) WHERE handle LIKE 'hf:%'`.execute(db);
    await db.schema.dropTable('mail_confirmations').execute();
  },
});
