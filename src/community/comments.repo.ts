/**
 * Storage of comments and flags. Each change recomputes papers.comment_count (visible
 * comments) in the same transaction.
 */
import type { Db } from '../db/connect.ts';
import { lockPaper, recountComments } from './counters.repo.ts';

export interface CommentRow {
  id: number;
  paperId: number;
  arxivId: string;
  userId: number | null;
  authorHandle: string | null;
  authorName: string | null;
  parentId: number | null;
  depth: number;
  body: string;
  status: 'visible' | 'deleted' | 'removed';
  createdAt: string;
  editedAt: string | null;
  flags: number;
}

function baseQuery(db: Db) {
  return db.kysely
    .selectFrom('comments as c')
    .innerJoin('papers as p', 'p.id', 'c.paper_id')
    .leftJoin('users as u', 'u.id', 'c.user_id')
    .select((eb) => [
      'c.id',
      'c.paper_id',
      'p.arxiv_id',
      'c.user_id',
      'u.handle',
      'u.display_name',
      'c.parent_id',
      'c.depth',
      'c.body',
      'c.status',
      'c.created_at',
      'c.edited_at',
      eb
        .selectFrom('comment_flags as f')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('f.comment_id', '=', 'c.id')
        .as('flags'),
    ]);
}

type Raw = Awaited<ReturnType<ReturnType<typeof baseQuery>['execute']>>[number];

function toRow(r: Raw): CommentRow {
  return {
    id: r.id,
    paperId: r.paper_id,
    arxivId: r.arxiv_id,
    userId: r.user_id,
    authorHandle: r.handle,
    authorName: r.display_name,
    parentId: r.parent_id,
    depth: r.depth,
    body: r.body,
    status: r.status as CommentRow['status'],
    createdAt: r.created_at,
    editedAt: r.edited_at,
    flags: Number(r.flags ?? 0),
  };
}

export async function getComment(db: Db, id: number): Promise<CommentRow | null> {
  const r = await baseQuery(db).where('c.id', '=', id).executeTakeFirst();
  return r ? toRow(r) : null;
}

/** Every comment on a paper (tombstones included, to keep threads whole), oldest first. */
export async function listPaperComments(db: Db, paperId: number): Promise<CommentRow[]> {
  const rows = await baseQuery(db)
    .where('c.paper_id', '=', paperId)
    .orderBy('c.created_at')
    .orderBy('c.id')
    .execute();
  return rows.map(toRow);
}

export async function listUserComments(
  db: Db,
  userId: number,
  limit = 50,
): Promise<(CommentRow & { paperTitle: string })[]> {
  const rows = await baseQuery(db)
    .select('p.title')
    .where('c.user_id', '=', userId)
    .where('c.status', '=', 'visible')
    .orderBy('c.created_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...toRow(r), paperTitle: r.title }));
}

export async function listFlaggedComments(db: Db, limit = 100): Promise<CommentRow[]> {
  const rows = await baseQuery(db)
    .where('c.status', '=', 'visible')
    .where((eb) =>
      eb.exists(
        eb.selectFrom('comment_flags as f2').select('f2.comment_id').whereRef('f2.comment_id', '=', 'c.id'),
      ),
    )
    .orderBy('c.created_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toRow);
}

export async function insertComment(
  db: Db,
  c: { paperId: number; userId: number; parentId: number | null; depth: number; body: string; now: Date },
): Promise<number> {
  return db.kysely.transaction().execute(async (trx) => {
    await lockPaper(trx, db.dialect, c.paperId);
    const { id } = await trx
      .insertInto('comments')
      .values({
        paper_id: c.paperId,
        user_id: c.userId,
        parent_id: c.parentId,
        depth: c.depth,
        body: c.body,
        status: 'visible',
        created_at: c.now.toISOString(),
        edited_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recountComments(trx, c.paperId);
    return id;
  });
}

export async function updateCommentBody(db: Db, id: number, body: string, now: Date): Promise<void> {
  await db.kysely
    .updateTable('comments')
    .set({ body, edited_at: now.toISOString() })
    .where('id', '=', id)
    .where('status', '=', 'visible')
    .execute();
}

/**
 * Deletes a comment. One with replies becomes a tombstone (status deleted, text gone) so
 * the replies keep their context; one without is removed, and so is any tombstone
 * ancestor left with no replies.
 */
export async function deleteComment(db: Db, id: number, paperId: number): Promise<void> {
  await db.kysely.transaction().execute(async (trx) => {
    await lockPaper(trx, db.dialect, paperId);
    let current: number | null = id;
    let first = true;
    while (current !== null) {
      const row = await trx
        .selectFrom('comments')
        .select(['id', 'parent_id', 'status'])
        .where('id', '=', current)
        .executeTakeFirst();
      if (!row || (!first && row.status === 'visible')) break;
      const child = await trx
        .selectFrom('comments')
        .select('id')
        .where('parent_id', '=', current)
        .limit(1)
        .executeTakeFirst();
      if (child) {
        if (first)
          await trx
            .updateTable('comments')
            .set({ status: 'deleted', body: '' })
            .where('id', '=', current)
            .execute();
        break;
      }
      await trx.deleteFrom('comments').where('id', '=', current).execute();
      current = row.parent_id;
      first = false;
    }
    await recountComments(trx, paperId);
  });
}

/** A moderator's removal: the text stays in the database for the record, hidden from readers. */
export async function markCommentRemoved(db: Db, id: number, paperId: number): Promise<void> {
  await db.transaction(async (tx) => {
    await lockPaper(tx.kysely, db.dialect, paperId);
    await tx.kysely.updateTable('comments').set({ status: 'removed' }).where('id', '=', id).execute();
    await recountComments(tx.kysely, paperId);
  });
}

export async function insertFlag(
  db: Db,
  f: { commentId: number; userId: number; reason: string; now: Date },
) {
  await db.kysely
    .insertInto('comment_flags')
    .values({ comment_id: f.commentId, user_id: f.userId, reason: f.reason, created_at: f.now.toISOString() })
    .onConflict((oc) => oc.columns(['comment_id', 'user_id']).doNothing())
    .execute();
}

export async function paperIdOf(db: Db, arxivId: string): Promise<number | null> {
  const r = await db.kysely
    .selectFrom('papers')
    .select('id')
    .where('arxiv_id', '=', arxivId)
    .executeTakeFirst();
  return r?.id ?? null;
}
