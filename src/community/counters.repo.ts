/**
 * papers.upvotes and papers.comment_count are recomputed from their rows inside the
 * transaction that changed them, never incremented: a retried or concurrent request can
 * never leave a counter that disagrees with the votes and comments tables.
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
