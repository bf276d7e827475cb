/**
 * Storage side of saved-search alerts: the active alerts, which search hits entered this
 * instance since an instant, and the alert's high-water mark.
 */
import type { Db } from '../db/connect.ts';
import type { SubscriptionRow } from './subscriptions.repo.ts';

export async function activeAlerts(db: Db, afterId: number, limit: number): Promise<SubscriptionRow[]> {
  return db.kysely
    .selectFrom('subscriptions')
    .selectAll()
    .where('kind', '=', 'alert')
    .where('status', '=', 'active')
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** The ids among `paperIds` of papers added to this instance after `since`. */
export async function addedSince(db: Db, paperIds: number[], since: string): Promise<Set<number>> {
  if (paperIds.length === 0) return new Set();
  const rows = await db.kysely
    .selectFrom('papers')
    .select('id')
    .where('id', 'in', paperIds)
    .where('created_at', '>', since)
    .where('withdrawn', '=', 0)
    .execute();
  return new Set(rows.map((r) => r.id));
}

export async function setAlertMark(db: Db, subscriptionId: number, at: string) {
  await db.kysely
    .updateTable('subscriptions')
    .set({ last_alert_at: at })
    .where('id', '=', subscriptionId)
    .execute();
}
