/** Storage of webhooks and their deliveries. */
import type { Selectable } from 'kysely';
import type { Db } from '../db/connect.ts';
import type { WebhookDeliveriesTable, WebhooksTable } from '../db/tables/interfaces.ts';

export type WebhookRow = Selectable<WebhooksTable>;
export type DeliveryRow = Selectable<WebhookDeliveriesTable>;

export async function insertWebhook(db: Db, url: string, format: string, now: string): Promise<WebhookRow> {
  return db.kysely
    .insertInto('webhooks')
    .values({ url, format, active: 1, created_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function listWebhookRows(db: Db): Promise<WebhookRow[]> {
  return db.kysely.selectFrom('webhooks').selectAll().orderBy('id').execute();
}

export async function deleteWebhook(db: Db, id: number): Promise<boolean> {
  const r = await db.kysely.deleteFrom('webhooks').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Inserts one pending delivery per active webhook; returns the new ids (pairs already queued are left alone). */
export async function queueDeliveries(
  db: Db,
  editionKey: string,
  payloadFor: (w: WebhookRow) => string,
  now: string,
): Promise<number[]> {
  const hooks = await db.kysely.selectFrom('webhooks').selectAll().where('active', '=', 1).execute();
  const ids: number[] = [];
  for (const w of hooks) {
    const r = await db.kysely
      .insertInto('webhook_deliveries')
      .values({
        webhook_id: w.id,
        edition_key: editionKey,
        payload: payloadFor(w),
        status: 'pending',
        attempts: 0,
        next_attempt_at: now,
        created_at: now,
      })
      .onConflict((oc) => oc.columns(['webhook_id', 'edition_key']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (r) ids.push(r.id);
  }
  return ids;
}

export async function getDelivery(db: Db, id: number): Promise<(DeliveryRow & { url: string }) | null> {
  const row = await db.kysely
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhooks as w', 'w.id', 'd.webhook_id')
    .selectAll('d')
    .select('w.url')
    .where('d.id', '=', id)
    .executeTakeFirst();
  return row ?? null;
}

export async function finishDelivery(
  db: Db,
  id: number,
  outcome: {
    status: 'pending' | 'delivered' | 'failed';
    attempts: number;
    httpStatus: number | null;
    error: string | null;
    deliveredAt?: string;
  },
): Promise<void> {
  await db.kysely
    .updateTable('webhook_deliveries')
    .set({
      status: outcome.status,
      attempts: outcome.attempts,
      last_status: outcome.httpStatus,
      last_error: outcome.error,
      ...(outcome.deliveredAt ? { delivered_at: outcome.deliveredAt } : {}),
    })
    .where('id', '=', id)
    .execute();
}

export async function recentDeliveries(db: Db, limit: number): Promise<(DeliveryRow & { url: string })[]> {
  return db.kysely
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhooks as w', 'w.id', 'd.webhook_id')
    .selectAll('d')
    .select('w.url')
    .orderBy('d.id', 'desc')
    .limit(limit)
    .execute();
}
