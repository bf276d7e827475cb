import { type Kysely, sql } from 'kysely';
import type { MigrationFactory } from './helpers.ts';
import { withId } from './helpers.ts';

export const community: MigrationFactory = (dialect) => ({
  // biome-ignore lint/suspicious/noExplicitAny: Kysely's documented migration signature
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('sessions')
      .addColumn('id_hash', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('last_seen_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('user_agent', 'text')
      .execute();
    await db.schema.createIndex('sessions_user').on('sessions').columns(['user_id']).execute();

    await db.schema
      .createTable('login_tokens')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('used_at', 'text')
      .execute();
    await db.schema.createIndex('login_tokens_email').on('login_tokens').columns(['email']).execute();

    await db.schema
      .createTable('votes')
      .addColumn('paper_id', 'integer', (c) => c.notNull().references('papers.id').onDelete('cascade'))
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('votes_pk', ['paper_id', 'user_id'])
      .execute();
    await db.schema.createIndex('votes_user').on('votes').columns(['user_id', 'created_at']).execute();

    await withId(db.schema.createTable('comments'), dialect)
      .addColumn('paper_id', 'integer', (c) => c.notNull().references('papers.id').onDelete('cascade'))
      .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('parent_id', 'integer', (c) => c.references('comments.id').onDelete('cascade'))
      .addColumn('depth', 'integer', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('visible'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('edited_at', 'text')
      .execute();
    await db.schema
      .createIndex('comments_paper')
      .on('comments')
      .columns(['paper_id', 'created_at'])
      .execute();
    await db.schema.createIndex('comments_user').on('comments').columns(['user_id', 'created_at']).execute();
    await db.schema.createIndex('comments_parent').on('comments').columns(['parent_id']).execute();

    await db.schema
      .createTable('comment_flags')
      .addColumn('comment_id', 'integer', (c) => c.notNull().references('comments.id').onDelete('cascade'))
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('comment_flags_pk', ['comment_id', 'user_id'])
      .execute();

    await withId(db.schema.createTable('moderation_log'), dialect)
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('actor_id', 'integer', (c) => c.references('users.id'))
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('target_type', 'text', (c) => c.notNull())
      .addColumn('target_id', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .execute();

    // The log is evidence: the database itself refuses to rewrite it.
    if (dialect === 'sqlite') {
      for (const op of ['UPDATE', 'DELETE']) {
        await sql
          .raw(
            `CREATE TRIGGER moderation_log_no_${op.toLowerCase()} BEFORE ${op} ON moderation_log ` +
              `BEGIN SELECT RAISE(ABORT, 'moderation_log is append-only'); END`,
          )
          .execute(db);
      }
    } else {
      await sql
        .raw(
          `CREATE FUNCTION moderation_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
           BEGIN RAISE EXCEPTION 'moderation_log is append-only'; END $$`,
        )
        .execute(db);
      await sql
        .raw(
          `CREATE TRIGGER moderation_log_append_only BEFORE UPDATE OR DELETE ON moderation_log
           FOR EACH ROW EXECUTE FUNCTION moderation_log_append_only()`,
        )
        .execute(db);
    }

    // Trending reads the most recently featured entries; profiles list a user's submissions.
    await db.schema
      .createIndex('daily_entries_submitted_at')
      .on('daily_entries')
      .columns(['submitted_at'])
      .execute();
  },
});
