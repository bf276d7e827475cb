/** The append-only moderation log (the database refuses UPDATE and DELETE on it). */
import type { Db } from '../db/connect.ts';

export interface ModerationEntry {
  id: number;
  createdAt: string;
  actorHandle: string | null;
  action: string;
  targetType: string;
  targetId: string;
  reason: string | null;
}

export async function appendModerationLog(
  db: Db,
  e: {
    actorId: number | null;
    action: string;
    targetType: string;
    targetId: string;
    reason: string | null;
    now: Date;
  },
): Promise<void> {
  await db.kysely
    .insertInto('moderation_log')
    .values({
      created_at: e.now.toISOString(),
      actor_id: e.actorId,
      action: e.action,
      target_type: e.targetType,
      target_id: e.targetId,
      reason: e.reason,
    })
    .execute();
}

export async function listModerationLog(db: Db, limit = 200, beforeId?: number): Promise<ModerationEntry[]> {
  let q = db.kysely
    .selectFrom('moderation_log as m')
    .leftJoin('users as u', 'u.id', 'm.actor_id')
    .select(['m.id', 'm.created_at', 'u.handle', 'm.action', 'm.target_type', 'm.target_id', 'm.reason'])
    .orderBy('m.id', 'desc')
    .limit(limit);
  if (beforeId !== undefined) q = q.where('m.id', '<', beforeId);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    createdAt: r.created_at,
    actorHandle: r.handle,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    reason: r.reason,
  }));
}

/** Hides (or shows again) a paper's daily entry; false when the paper is not featured. */
export async function setEntryHidden(db: Db, paperId: number, hidden: boolean): Promise<boolean> {
  const r = await db.kysely
    .updateTable('daily_entries')
    .set({ hidden: hidden ? 1 : 0 })
    .where('paper_id', '=', paperId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
