/**
 * Editions: the ranked papers of a feed period (arXiv ids), frozen when the edition is
 * created so every recipient, every retry and the browser preview see the same list; and
 * the outbox rows that fan an edition out to its subscribers.
 */
import { type Selectable, sql } from 'kysely';
import type { Db } from '../db/connect.ts';
import type { EditionsTable } from '../db/tables/digest.ts';

export type EditionRow = Selectable<EditionsTable>;

export async function getEditionByKey(db: Db, key: string): Promise<EditionRow | undefined> {
  return db.kysely.selectFrom('editions').selectAll().where('key', '=', key).executeTakeFirst();
}

export async function getEditions(db: Db, ids: number[]): Promise<EditionRow[]> {
  if (ids.length === 0) return [];
  return db.kysely.selectFrom('editions').selectAll().where('id', 'in', ids).execute();
}

/**
 * Creates the edition and queues it for every active, unsuppressed subscription of
 * `subscriptionKind` (or the one subscription `onlySubscriptionId`), in one transaction.
 * Returns null when the edition already existed: it was queued when it was created, and
 * queueing it again later would mail old news to whoever subscribed since.
 */
export async function createAndQueueEdition(
  db: Db,
  e: {
    key: string;
    kind: string;
    period: string;
    subject: string;
    paperIds: string[];
    now: string;
    subscriptionKind: string;
    onlySubscriptionId?: number;
  },
): Promise<{ edition: EditionRow; queued: number } | null> {
  return db.kysely.transaction().execute(async (tx) => {
    const inserted = await tx
      .insertInto('editions')
      .values({
        key: e.key,
        kind: e.kind,
        period: e.period,
        subject: e.subject,
        paper_ids: JSON.stringify(e.paperIds),
        created_at: e.now,
      })
      .onConflict((oc) => oc.column('key').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!inserted) return null;
    let subs = tx
      .selectFrom('subscriptions as s')
      .select([
        sql<number>`${sql.lit(inserted.id)}`.as('edition_id'),
        's.id as subscription_id',
        's.email',
        sql<string>`'queued'`.as('status'),
        sql<string>`cast(${e.now} as text)`.as('next_attempt_at'),
        sql<string>`cast(${e.now} as text)`.as('created_at'),
      ])
      .where('s.kind', '=', e.subscriptionKind)
      .where('s.status', '=', 'active')
      .where((eb) =>
        eb.not(
          eb.exists(
            eb.selectFrom('mail_suppressions as m').select('m.email').whereRef('m.email', '=', 's.email'),
          ),
        ),
      );
    // An edition for everyone goes to those who chose the most upvoted papers; a personal
    // one (an alert, a member's For You) to its one subscription.
    subs =
      e.onlySubscriptionId !== undefined
        ? subs.where('s.id', '=', e.onlySubscriptionId)
        : subs.where('s.list', '=', 'top');
    const r = await tx
      .insertInto('outbox')
      .columns(['edition_id', 'subscription_id', 'email', 'status', 'next_attempt_at', 'created_at'])
      .expression(subs)
      .onConflict((oc) => oc.columns(['edition_id', 'subscription_id']).doNothing())
      .executeTakeFirst();
    return { edition: inserted, queued: Number(r.numInsertedOrUpdatedRows ?? 0) };
  });
}
