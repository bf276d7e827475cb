/**
 * The outbox: one row per (edition, subscription). A sender claims due rows by taking a
 * lease (status `sending`, an owner and an expiry) in one atomic statement: on PostgreSQL
 * `FOR UPDATE SKIP LOCKED` lets concurrent senders take disjoint rows; on SQLite the
 * single UPDATE … RETURNING runs under the database write lock. A row whose lease expired
 * (its sender crashed) becomes due again. Every outcome is written right after the SMTP
 * server answers, one row at a time, so a crash loses at most the messages in flight.
 */
import { type Selectable, sql } from 'kysely';
import type { Db } from '../db/connect.ts';
import type { OutboxTable } from '../db/tables/digest.ts';

export type OutboxRow = Selectable<OutboxTable>;

export type DeliveryStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'bounced' | 'skipped';

/** Leases up to `limit` due rows (optionally of some editions only) for `owner` until `leaseUntil`. */
export async function claimDue(
  db: Db,
  c: { owner: string; now: string; leaseUntil: string; limit: number; editionIds?: number[] },
): Promise<OutboxRow[]> {
  const due = db.kysely
    .selectFrom('outbox')
    .select('id')
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'queued'), eb('next_attempt_at', '<=', c.now)]),
        eb.and([eb('status', '=', 'sending'), eb('lease_until', '<', c.now)]),
      ]),
    )
    .$if(!!c.editionIds, (q) => q.where('edition_id', 'in', c.editionIds!))
    .orderBy('id')
    .limit(c.limit);
  const rows = await db.kysely
    .updateTable('outbox')
    .set((eb) => ({
      status: 'sending',
      lease_owner: c.owner,
      lease_until: c.leaseUntil,
      attempts: eb('attempts', '+', 1),
    }))
    .where('id', 'in', db.dialect === 'postgres' ? due.forUpdate().skipLocked() : due)
    .returningAll()
    .execute();
  return rows.sort((a, b) => a.id - b.id);
}

/**
 * Confirms, atomically, that `owner` still holds the row's lease and extends it for the
 * one message about to go out. A sender calls this right before each send: if its batch
 * took longer than the lease and another sender reclaimed the row, it gets false and
 * must not send. A whole batch may outlive a lease; one message never should.
 */
export async function renewLease(
  db: Db,
  id: number,
  owner: string,
  now: string,
  leaseUntil: string,
): Promise<boolean> {
  const r = await db.kysely
    .updateTable('outbox')
    .set({ lease_until: leaseUntil })
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .where('lease_owner', '=', owner)
    .where('lease_until', '>', now)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function markSent(db: Db, id: number, messageId: string, now: string) {
  await db.kysely
    .updateTable('outbox')
    .set({
      status: 'sent',
      sent_at: now,
      message_id: messageId,
      lease_owner: null,
      lease_until: null,
      last_error: null,
    })
    .where('id', '=', id)
    .execute();
}

/** A temporary failure: due again at `nextAttemptAt`. */
export async function markRetry(db: Db, id: number, error: string, nextAttemptAt: string) {
  await db.kysely
    .updateTable('outbox')
    .set({
      status: 'queued',
      next_attempt_at: nextAttemptAt,
      lease_owner: null,
      lease_until: null,
      last_error: error.slice(0, 500),
    })
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .execute();
}

/** A final outcome other than sent: failed (retries exhausted), skipped (nothing to send). */
export async function markDone(db: Db, id: number, status: 'failed' | 'skipped', error: string) {
  await db.kysely
    .updateTable('outbox')
    .set({ status, lease_owner: null, lease_until: null, last_error: error.slice(0, 500) })
    .where('id', '=', id)
    .execute();
}

/**
 * A permanent refusal of the address: the row is bounced, the address suppressed, its
 * subscriptions marked bounced and anything else queued for it dropped, in one transaction.
 */
export async function markBounced(db: Db, id: number, email: string, error: string, now: string) {
  await db.kysely.transaction().execute(async (tx) => {
    await tx
      .updateTable('outbox')
      .set({ status: 'bounced', lease_owner: null, lease_until: null, last_error: error.slice(0, 500) })
      .where('id', '=', id)
      .execute();
    await tx
      .insertInto('mail_suppressions')
      .values({ email, reason: error.slice(0, 500), created_at: now })
      .onConflict((oc) => oc.column('email').doNothing())
      .execute();
    await tx.updateTable('subscriptions').set({ status: 'bounced' }).where('email', '=', email).execute();
    await tx
      .updateTable('outbox')
      .set({ status: 'skipped', last_error: 'address bounced earlier' })
      .where('email', '=', email)
      .where('status', '=', 'queued')
      .execute();
  });
}

/** Rows of these editions not yet final, and when the earliest of them becomes due. */
export async function pendingWork(
  db: Db,
  editionIds?: number[],
): Promise<{ pending: number; nextDueAt: string | null }> {
  const row = await db.kysely
    .selectFrom('outbox')
    .select([
      (eb) => eb.fn.countAll<number>().as('n'),
      sql<string | null>`min(case when status = 'queued' then next_attempt_at else lease_until end)`.as(
        'due',
      ),
    ])
    .where('status', 'in', ['queued', 'sending'])
    .$if(!!editionIds, (q) => q.where('edition_id', 'in', editionIds!))
    .executeTakeFirstOrThrow();
  return { pending: Number(row.n), nextDueAt: row.due ?? null };
}

export interface EditionDeliveryStats {
  editionId: number;
  key: string;
  kind: string;
  subject: string;
  createdAt: string;
  counts: Record<DeliveryStatus, number>;
}

/** Delivery status counts per edition, newest editions first. */
export async function deliveryStats(db: Db, opts: { limit?: number } = {}): Promise<EditionDeliveryStats[]> {
  const editions = await db.kysely
    .selectFrom('editions')
    .select(['id', 'key', 'kind', 'subject', 'created_at'])
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(opts.limit ?? 50)
    .execute();
  if (editions.length === 0) return [];
  const counts = await db.kysely
    .selectFrom('outbox')
    .select(['edition_id', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .where(
      'edition_id',
      'in',
      editions.map((e) => e.id),
    )
    .groupBy(['edition_id', 'status'])
    .execute();
  return editions.map((e) => {
    const c: Record<DeliveryStatus, number> = {
      queued: 0,
      sending: 0,
      sent: 0,
      failed: 0,
      bounced: 0,
      skipped: 0,
    };
    for (const r of counts) if (r.edition_id === e.id) c[r.status as DeliveryStatus] = Number(r.n);
    return {
      editionId: e.id,
      key: e.key,
      kind: e.kind,
      subject: e.subject,
      createdAt: e.created_at,
      counts: c,
    };
  });
}

/** The latest delivery problems (retrying, failed, bounced), newest first, for the admin page. */
export async function recentProblems(db: Db, limit = 20) {
  const rows = await db.kysely
    .selectFrom('outbox as o')
    .innerJoin('editions as e', 'e.id', 'o.edition_id')
    .select(['e.key', 'o.email', 'o.status', 'o.attempts', 'o.last_error'])
    .where('o.last_error', 'is not', null)
    .where('o.status', 'in', ['queued', 'sending', 'failed', 'bounced'])
    .orderBy('o.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    editionKey: r.key,
    email: r.email,
    status: r.status === 'failed' || r.status === 'bounced' ? r.status : 'retrying',
    attempts: Number(r.attempts),
    error: r.last_error,
  }));
}

/** Messages not yet final, by status (`queued`, `sending`): the outbox figures of /metrics. */
export async function outboxBacklog(db: Db): Promise<Record<string, number>> {
  const rows = await db.kysely
    .selectFrom('outbox')
    .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
    .where('status', 'in', ['queued', 'sending'])
    .groupBy('status')
    .execute();
  return { queued: 0, sending: 0, ...Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])) };
}
