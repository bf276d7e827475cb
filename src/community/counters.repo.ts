/**
 * papers.upvotes and papers.comment_count always agree with the votes and comments tables.
 * A vote moves the counter by the delta its own statement actually made (a row inserted or
 * deleted), in the same transaction, with the paper's row locked by the update: O(1) on a
 * hot paper, and a retried or concurrent duplicate changes no row, so adds no delta.
 * Rare, wide changes (comments, account deletion) recount from the rows instead.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database, DialectName } from '../db/schema.ts';

type Q = Kysely<Database> | Transaction<Database>;

/**
 * Locks a paper's row until the transaction ends (PostgreSQL; SQLite transactions are
 * already serialised). Without it two concurrent votes under READ COMMITTED could each
 * count only their own new row and the last writer would store a count one too low.
 */
export async function lockPaper(trx: Q, dialect: DialectName, paperId: number) {
  let q = trx.selectFrom('papers').select('id').where('id', '=', paperId);
  if (dialect === 'postgres') q = q.forUpdate();
  return q.executeTakeFirst();
}

/**
 * Adds `delta` (-1, 0 or +1: what the caller's insert or delete changed) to the paper's
 * upvotes and returns the new count. The UPDATE takes the row lock (PostgreSQL) until the
 * transaction ends, so concurrent deltas serialise and none is lost.
 */
export async function addUpvotes(q: Q, paperId: number, delta: number): Promise<number> {
  const r = await q
    .updateTable('papers')
    .set({ upvotes: sql<number>`upvotes + ${delta}` })
    .where('id', '=', paperId)
    .returning('upvotes')
    .executeTakeFirst();
  return Number(r?.upvotes ?? 0);
}

export async function recountUpvotes(q: Q, paperId: number): Promise<number> {
  const r = await q
    .updateTable('papers')
    .set({
      upvotes: sql<number>`imported_upvotes + (select count(*) from votes where votes.paper_id = ${paperId})`,
    })
    .where('id', '=', paperId)
    .returning('upvotes')
    .executeTakeFirst();
  return Number(r?.upvotes ?? 0);
}

export async function recountComments(q: Q, paperId: number): Promise<number> {
  const r = await q
    .updateTable('papers')
    .set({
      // Comments counted elsewhere before import (HF) are the baseline, as for upvotes.
      comment_count: sql<number>`imported_comments + (select count(*) from comments where comments.paper_id = ${paperId} and comments.status = 'visible')`,
    })
    .where('id', '=', paperId)
    .returning('comment_count')
    .executeTakeFirst();
  return Number(r?.comment_count ?? 0);
}
