import type { Kysely } from 'kysely';
import type { MigrationFactory } from './helpers.ts';
import { withId, zero } from './helpers.ts';

export const digest: MigrationFactory = (dialect) => ({
  // biome-ignore lint/suspicious/noExplicitAny: Kysely's documented migration signature
  async up(db: Kysely<any>) {
    await withId(db.schema.createTable('subscriptions'), dialect)
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('query', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('categories', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('keywords', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('confirm_sent_at', 'text')
      .addColumn('confirmed_at', 'text')
      .addColumn('unsubscribed_at', 'text')
      .addColumn('last_alert_at', 'text')
      // One daily and one weekly subscription per address; one alert per saved search.
      .addUniqueConstraint('subscriptions_email_kind_query', ['email', 'kind', 'query'])
      .execute();
    await db.schema
      .createIndex('subscriptions_kind_status')
      .on('subscriptions')
      .columns(['kind', 'status'])
      .execute();

    await withId(db.schema.createTable('editions'), dialect)
      .addColumn('key', 'text', (c) => c.notNull().unique())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('period', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('paper_ids', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await withId(db.schema.createTable('outbox'), dialect)
      .addColumn('edition_id', 'integer', (c) => c.notNull().references('editions.id').onDelete('cascade'))
      .addColumn('subscription_id', 'integer', (c) =>
        c.notNull().references('subscriptions.id').onDelete('cascade'),
      )
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(zero))
      .addColumn('next_attempt_at', 'text', (c) => c.notNull())
      .addColumn('lease_owner', 'text')
      .addColumn('lease_until', 'text')
      .addColumn('message_id', 'text')
      .addColumn('last_error', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('sent_at', 'text')
      // The idempotency key: a subscriber is queued for an edition at most once.
      .addUniqueConstraint('outbox_edition_subscription', ['edition_id', 'subscription_id'])
      .execute();
    await db.schema
      .createIndex('outbox_due')
      .on('outbox')
      .columns(['status', 'next_attempt_at', 'id'])
      .execute();
    await db.schema.createIndex('outbox_subscription').on('outbox').columns(['subscription_id']).execute();

    await db.schema
      .createTable('mail_suppressions')
      .addColumn('email', 'text', (c) => c.primaryKey())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
  },
});
