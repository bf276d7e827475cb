/**
 * Storage of subscriptions and suppressed addresses.
 */
import type { Selectable } from 'kysely';
import type { Db } from '../db/connect.ts';
import type { SubscriptionsTable } from '../db/tables/digest.ts';

export type SubscriptionRow = Selectable<SubscriptionsTable>;

export async function findSubscription(
  db: Db,
  key: { email: string; kind: string; query: string },
): Promise<SubscriptionRow | undefined> {
  return db.kysely
    .selectFrom('subscriptions')
    .selectAll()
    .where('email', '=', key.email)
    .where('kind', '=', key.kind)
    .where('query', '=', key.query)
    .executeTakeFirst();
}

export async function getSubscription(db: Db, id: number): Promise<SubscriptionRow | undefined> {
  return db.kysely.selectFrom('subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function getSubscriptions(db: Db, ids: number[]): Promise<SubscriptionRow[]> {
  if (ids.length === 0) return [];
  return db.kysely.selectFrom('subscriptions').selectAll().where('id', 'in', ids).execute();
}

/**
 * Inserts a pending subscription, or returns the existing one for the same address, kind
 * and query (two simultaneous sign-ups of one address end up as one row).
 */
export async function insertPendingSubscription(
  db: Db,
  row: {
    email: string;
    kind: string;
    query: string;
    categories: string;
    keywords: string;
    /** Default: top (the most upvoted papers). */
    list?: string;
    userId: number | null;
    now: string;
  },
): Promise<SubscriptionRow> {
  await db.kysely
    .insertInto('subscriptions')
    .values({
      email: row.email,
      kind: row.kind,
      query: row.query,
      categories: row.categories,
      keywords: row.keywords,
      list: row.list ?? 'top',
      status: 'pending',
      user_id: row.userId,
      created_at: row.now,
    })
    .onConflict((oc) => oc.columns(['email', 'kind', 'query']).doNothing())
    .execute();
  const found = await findSubscription(db, row);
  if (!found) throw new Error('subscription vanished right after insert');
  return found;
}

export async function updateSubscription(
  db: Db,
  id: number,
  set: Partial<Omit<SubscriptionRow, 'id' | 'email' | 'kind' | 'query' | 'created_at'>>,
): Promise<void> {
  await db.kysely.updateTable('subscriptions').set(set).where('id', '=', id).execute();
}

/**
 * Records a confirmation email to `email` unless one went to that address (for any of its
 * subscriptions) after `notAfter`: the throttle, atomic on both databases (one conditional
 * upsert), so simultaneous sign-ups send one email.
 */
export async function claimConfirmationSlot(db: Db, email: string, now: string, notAfter: string) {
  const r = await db.kysely
    .insertInto('mail_confirmations')
    .values({ email, sent_at: now })
    .onConflict((oc) =>
      oc.column('email').doUpdateSet({ sent_at: now }).where('mail_confirmations.sent_at', '<', notAfter),
    )
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Gives the slot back (the email could not be sent), so the next attempt goes through. */
export async function releaseConfirmationSlot(db: Db, email: string, sentAt: string) {
  await db.kysely
    .deleteFrom('mail_confirmations')
    .where('email', '=', email)
    .where('sent_at', '=', sentAt)
    .execute();
}

/** Activates a pending subscription and lifts any suppression of its address (it just proved it works). */
export async function activateSubscription(db: Db, id: number, email: string, now: string) {
  await db.kysely.transaction().execute(async (tx) => {
    await tx
      .updateTable('subscriptions')
      .set({ status: 'active', confirmed_at: now, unsubscribed_at: null })
      .where('id', '=', id)
      .execute();
    await tx.deleteFrom('mail_suppressions').where('email', '=', email).execute();
  });
}

/** Unsubscribes, and drops whatever was still queued for this subscription. */
export async function deactivateSubscription(db: Db, id: number, now: string) {
  await db.kysely.transaction().execute(async (tx) => {
    await tx
      .updateTable('subscriptions')
      .set({ status: 'unsubscribed', unsubscribed_at: now })
      .where('id', '=', id)
      .execute();
    await tx
      .updateTable('outbox')
      .set({ status: 'skipped', last_error: 'unsubscribed', lease_owner: null, lease_until: null })
      .where('subscription_id', '=', id)
      .where('status', '=', 'queued')
      .execute();
  });
}

export async function isSuppressed(db: Db, email: string): Promise<boolean> {
  const row = await db.kysely
    .selectFrom('mail_suppressions')
    .select('email')
    .where('email', '=', email)
    .executeTakeFirst();
  return !!row;
}

export async function countSubscriptions(db: Db) {
  const rows = await db.kysely
    .selectFrom('subscriptions')
    .select(['kind', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['kind', 'status'])
    .execute();
  return rows.map((r) => ({ kind: r.kind, status: r.status, count: Number(r.n) }));
}

export async function countActive(db: Db, kind: string): Promise<number> {
  const r = await db.kysely
    .selectFrom('subscriptions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('kind', '=', kind)
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Active daily or weekly subscriptions that mail a member's own list (For You, Following). */
export async function activePersonalSubscriptions(db: Db, kind: string): Promise<SubscriptionRow[]> {
  return db.kysely
    .selectFrom('subscriptions')
    .selectAll()
    .where('kind', '=', kind)
    .where('status', '=', 'active')
    .where('list', '!=', 'top')
    .where('user_id', 'is not', null)
    .orderBy('id')
    .execute();
}
