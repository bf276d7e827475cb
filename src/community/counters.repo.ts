/**
 * papers.upvotes and papers.comment_count always agree with the votes and comments tables.
 * Upvotes are kept by triggers on votes (migration 0018_votes): each row inserted or
 * deleted moves its paper's count by one, in the statement that wrote it, so a vote is
 * O(1) on a hot paper and a duplicate (which writes no row) moves nothing. Comments, whose
 * visibility changes in several ways, are recounted from their rows under the paper's lock.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database, DialectName } from '../db/schema.ts';

type Q = Kysely<Database> | Transaction<Database>;

/**
 * Locks a paper's row until the transaction ends (PostgreSQL; SQLite transactions are
 * already serialised). Without it two concurrent comment changes under READ COMMITTED
 * could each count only their own row and the last writer would store a wrong count.
 */
export async function lockPaper(trx: Q, dialect: DialectName, paperId: number) {
  let q = trx.selectFrom('papers').select('id').where('id', '=', paperId);
  if (dialect === 'postgres') q = q.forUpdate();
  return q.executeTakeFirst();
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
