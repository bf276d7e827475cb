/** Storage side of submissions: what we know about a paper, and featuring it under the rules. */
import type { Db } from '../db/connect.ts';

interface SubmissionTarget {
  paperId: number;
  publishedAt: string;
  featured: { feedDate: string; submitterHandle: string | null } | null;
}

export async function findSubmissionTarget(db: Db, arxivId: string): Promise<SubmissionTarget | null> {
  const r = await db.kysely
    .selectFrom('papers as p')
    .leftJoin('daily_entries as e', 'e.paper_id', 'p.id')
    .leftJoin('users as u', 'u.id', 'e.submitted_by')
    .select(['p.id', 'p.published_at', 'e.feed_date', 'u.handle'])
    .where('p.arxiv_id', '=', arxivId)
    .executeTakeFirst();
  if (!r) return null;
  return {
    paperId: r.id,
    publishedAt: r.published_at,
    featured: r.feed_date ? { feedDate: r.feed_date, submitterHandle: r.handle } : null,
  };
}

export async function countSubmissionsOn(db: Db, userId: number, feedDate: string): Promise<number> {
  const r = await db.kysely
    .selectFrom('daily_entries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('submitted_by', '=', userId)
    .where('feed_date', '=', feedDate)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * Features the paper, in one transaction that also re-checks the daily cap (`cap` null:
 * no cap). The unique (paper, feed date) makes "featured once" hold even when two members
 * submit the same paper at the same moment: exactly one insert wins (an earlier feature
 * is refused before, by findSubmissionTarget).
 */
export async function insertSubmission(
  db: Db,
  s: {
    paperId: number;
    userId: number;
    feedDate: string;
    now: Date;
    note: string | null;
    cap: number | null;
  },
): Promise<{ ok: true } | { ok: false; reason: 'featured' | 'cap'; count?: number }> {
  return db.kysely.transaction().execute(async (trx) => {
    if (s.cap !== null) {
      // Serialise one member's concurrent submissions so the cap cannot be raced past.
      if (db.dialect === 'postgres')
        await trx.selectFrom('users').select('id').where('id', '=', s.userId).forUpdate().executeTakeFirst();
      const r = await trx
        .selectFrom('daily_entries')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('submitted_by', '=', s.userId)
        .where('feed_date', '=', s.feedDate)
        .executeTakeFirstOrThrow();
      if (Number(r.n) >= s.cap) return { ok: false, reason: 'cap', count: Number(r.n) };
    }
    const res = await trx
      .insertInto('daily_entries')
      .values({
        paper_id: s.paperId,
        feed_date: s.feedDate,
        submitted_by: s.userId,
        submitted_at: s.now.toISOString(),
        note: s.note,
        hidden: 0,
        is_demo: 0,
      })
      .onConflict((oc) => oc.columns(['paper_id', 'feed_date']).doNothing())
      .executeTakeFirst();
    if (Number(res.numInsertedOrUpdatedRows ?? 0) === 0) return { ok: false, reason: 'featured' };
    return { ok: true };
  });
}
