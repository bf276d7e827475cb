/** Storage of follows: one row per (member, kind, target). */
import type { Db } from '../db/connect.ts';

export const FOLLOW_KINDS = ['author', 'category', 'query', 'organisation', 'user'] as const;
export type FollowKind = (typeof FOLLOW_KINDS)[number];

export interface Follow {
  id: number;
  kind: FollowKind;
  target: string;
  label: string;
  createdAt: string;
}

export async function addFollow(
  db: Db,
  userId: number,
  f: { kind: FollowKind; target: string; label: string },
  now: Date,
): Promise<void> {
  await db.kysely
    .insertInto('follows')
    .values({
      user_id: userId,
      kind: f.kind,
      target: f.target,
      label: f.label,
      created_at: now.toISOString(),
    })
    .onConflict((oc) => oc.columns(['user_id', 'kind', 'target']).doNothing())
    .execute();
}

export async function removeFollow(
  db: Db,
  userId: number,
  kind: FollowKind,
  target: string,
): Promise<boolean> {
  const r = await db.kysely
    .deleteFrom('follows')
    .where('user_id', '=', userId)
    .where('kind', '=', kind)
    .where('target', '=', target)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function listFollows(db: Db, userId: number): Promise<Follow[]> {
  const rows = await db.kysely
    .selectFrom('follows')
    .select(['id', 'kind', 'target', 'label', 'created_at'])
    .where('user_id', '=', userId)
    .orderBy('kind')
    .orderBy('label')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind as FollowKind,
    target: r.target,
    label: r.label,
    createdAt: r.created_at,
  }));
}
