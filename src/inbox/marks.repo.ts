/** Storage of a member's marks on papers (read, hidden, never again) and their "more like this" clicks. */
import type { Db } from '../db/connect.ts';

export type MarkKind = 'read' | 'hidden' | 'never';
const COLUMN = { read: 'read_at', hidden: 'hidden_at', never: 'never_at' } as const;

export interface Marks {
  read: boolean;
  hidden: boolean;
  never: boolean;
}

/** Sets (at = instant) or clears (at = null) one mark; a row with no mark left is removed. */
export async function setMark(
  db: Db,
  userId: number,
  paperId: number,
  kind: MarkKind,
  at: Date | null,
): Promise<void> {
  const col = COLUMN[kind];
  const value = at?.toISOString() ?? null;
  await db.kysely.transaction().execute(async (trx) => {
    await trx
      .insertInto('paper_marks')
      .values({
        user_id: userId,
        paper_id: paperId,
        read_at: null,
        hidden_at: null,
        never_at: null,
        [col]: value,
      })
      .onConflict((oc) => oc.columns(['user_id', 'paper_id']).doUpdateSet({ [col]: value }))
      .execute();
    await trx
      .deleteFrom('paper_marks')
      .where('user_id', '=', userId)
      .where('paper_id', '=', paperId)
      .where('read_at', 'is', null)
      .where('hidden_at', 'is', null)
      .where('never_at', 'is', null)
      .execute();
  });
}

/** The marks of the member on these papers (papers without any are absent). */
export async function marksAmong(db: Db, userId: number, paperIds: number[]): Promise<Map<number, Marks>> {
  const out = new Map<number, Marks>();
  if (paperIds.length === 0) return out;
  const rows = await db.kysely
    .selectFrom('paper_marks')
    .select(['paper_id', 'read_at', 'hidden_at', 'never_at'])
    .where('user_id', '=', userId)
    .where('paper_id', 'in', paperIds)
    .execute();
  for (const r of rows)
    out.set(r.paper_id, {
      read: r.read_at !== null,
      hidden: r.hidden_at !== null,
      never: r.never_at !== null,
    });
  return out;
}

export async function recordMoreLikeThis(db: Db, userId: number, paperId: number, now: Date): Promise<void> {
  await db.kysely
    .insertInto('inbox_signals')
    .values({ user_id: userId, paper_id: paperId, kind: 'more_like_this', created_at: now.toISOString() })
    .onConflict((oc) => oc.columns(['user_id', 'paper_id', 'kind']).doNothing())
    .execute();
}
