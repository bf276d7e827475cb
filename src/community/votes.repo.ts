/** Storage of upvotes: one row per (paper, user); triggers move the paper's counter with each row (0018_votes). */
import type { Db } from '../db/connect.ts';

interface VoteTarget {
  paperId: number;
  arxivId: string;
  /** Hidden from the feed by a moderator: no new votes or comments. */
  hidden: boolean;
  /** Featured on the daily feed and not hidden by a moderator. */
  votable: boolean;
}

export async function findVoteTarget(db: Db, arxivId: string): Promise<VoteTarget | null> {
  const r = await db.kysely
    .selectFrom('papers as p')
    .leftJoin('daily_entries as e', 'e.paper_id', 'p.id')
    .select(['p.id', 'p.arxiv_id', 'e.hidden', 'e.id as entry_id'])
    .where('p.arxiv_id', '=', arxivId)
    .executeTakeFirst();
  if (!r) return null;
  return {
    paperId: r.id,
    arxivId: r.arxiv_id,
    votable: r.entry_id !== null && r.hidden === 0,
    hidden: r.hidden === 1,
  };
}

/**
 * Adds (up) or removes (!up) the user's vote; idempotent. One statement, atomic with the
 * trigger that moves papers.upvotes: a double click, a retry or a concurrent duplicate
 * inserts or deletes no row, so it moves nothing. Returns the paper's count just after.
 */
export async function setVote(
  db: Db,
  v: { paperId: number; userId: number; up: boolean; now: Date },
): Promise<{ upvotes: number; voted: boolean }> {
  if (v.up)
    await db.kysely
      .insertInto('votes')
      .values({ paper_id: v.paperId, user_id: v.userId, created_at: v.now.toISOString() })
      .onConflict((oc) => oc.columns(['paper_id', 'user_id']).doNothing())
      .execute();
  else
    await db.kysely
      .deleteFrom('votes')
      .where('paper_id', '=', v.paperId)
      .where('user_id', '=', v.userId)
      .execute();
  const r = await db.kysely
    .selectFrom('papers')
    .select('upvotes')
    .where('id', '=', v.paperId)
    .executeTakeFirst();
  return { upvotes: Number(r?.upvotes ?? 0), voted: v.up };
}

/** Which of these papers (by arXiv id) the user has upvoted. */
export async function votedArxivIds(db: Db, userId: number, arxivIds: string[]): Promise<Set<string>> {
  if (arxivIds.length === 0) return new Set();
  const rows = await db.kysely
    .selectFrom('votes as v')
    .innerJoin('papers as p', 'p.id', 'v.paper_id')
    .select('p.arxiv_id')
    .where('v.user_id', '=', userId)
    .where('p.arxiv_id', 'in', arxivIds)
    .execute();
  return new Set(rows.map((r) => r.arxiv_id));
}

/** The paper's upvoters, most recent first (local votes only: imported counts have no names). */
export async function listUpvoters(
  db: Db,
  paperId: number,
  limit = 100,
): Promise<{ handle: string; displayName: string }[]> {
  const rows = await db.kysely
    .selectFrom('votes as v')
    .innerJoin('users as u', 'u.id', 'v.user_id')
    .select(['u.handle', 'u.display_name'])
    .where('v.paper_id', '=', paperId)
    .where('u.status', '!=', 'deleted')
    .orderBy('v.created_at', 'desc')
    .orderBy('u.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ handle: r.handle, displayName: r.display_name }));
}

export async function countVotes(db: Db, paperId: number): Promise<number> {
  const r = await db.kysely
    .selectFrom('votes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('paper_id', '=', paperId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
