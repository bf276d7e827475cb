/**
 * Storage of arXiv announcements (papers/announcements.ts) and the day listings read from
 * them. A day derived from version dates never replaces one arXiv's own listing gave.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Db } from '../db/connect.ts';
import type { Database } from '../db/schema.ts';
import {
  type Announcement,
  type AnnouncementType,
  announcementsOf,
  type ListedPaper,
} from './announcements.ts';
import type { PaperRecord } from './types.ts';

type Q = Kysely<Database> | Transaction<Database>;

/** Rows per statement: well under either database's bind-parameter limit. */
const CHUNK = 500;

/** The announcements the records tell of, for papers already written in this transaction. */
export async function writeAnnouncements(q: Q, records: PaperRecord[]): Promise<void> {
  const wanted = records
    .map((r) => ({ arxivId: r.arxivId, list: announcementsOf(r) }))
    .filter((w) => w.list.length);
  const ids = new Map<string, number>();
  for (let i = 0; i < wanted.length; i += CHUNK) {
    const part = wanted.slice(i, i + CHUNK).map((w) => w.arxivId);
    for (const r of await q
      .selectFrom('papers')
      .select(['id', 'arxiv_id'])
      .where('arxiv_id', 'in', part)
      .execute())
      ids.set(r.arxiv_id, r.id);
  }
  const rows = wanted.flatMap((w) => {
    const paperId = ids.get(w.arxivId);
    return paperId === undefined ? [] : w.list.map((a) => ({ paperId, a }));
  });
  for (const listed of [false, true]) {
    const part = rows.filter((r) => r.a.listed === listed).map((r) => announcementRow(r.paperId, r.a));
    for (let i = 0; i < part.length; i += CHUNK) {
      await q
        .insertInto('paper_announcements')
        .values(part.slice(i, i + CHUNK))
        .onConflict((oc) =>
          listed
            ? oc.columns(['paper_id', 'version']).doUpdateSet({
                day: (eb) => eb.ref('excluded.day'),
                type: (eb) => eb.ref('excluded.type'),
              })
            : oc.columns(['paper_id', 'version']).doNothing(),
        )
        .execute();
    }
  }
}

export function announcementRow(paperId: number, a: Announcement) {
  return { paper_id: paperId, version: a.version, day: a.day, type: a.type };
}

/**
 * One day's announced papers: of any type, or without replacements; in `categories`
 * (primary or cross-listed) when some are given. A paper announced twice that day counts
 * once, as its first type (new before cross before replace).
 */
export async function announcedOn(
  db: Db,
  day: string,
  opts: { categories: string[]; replacements: boolean },
): Promise<ListedPaper[]> {
  let sel = db.kysely
    .selectFrom('paper_announcements as a')
    .innerJoin('papers as p', 'p.id', 'a.paper_id')
    .select([
      'p.id',
      'p.arxiv_id',
      'p.primary_category',
      sql<number>`min(case a.type when 'new' then 0 when 'cross' then 1 else 2 end)`.as('rank'),
    ])
    .where('a.day', '=', day)
    .groupBy(['p.id', 'p.arxiv_id', 'p.primary_category']);
  if (!opts.replacements) sel = sel.where('a.type', '<>', 'replace');
  if (opts.categories.length > 0)
    sel = sel.where((eb) =>
      eb.exists(
        eb
          .selectFrom('paper_categories as c')
          .select('c.paper_id')
          .whereRef('c.paper_id', '=', 'a.paper_id')
          .where('c.category', 'in', opts.categories),
      ),
    );
  const types: AnnouncementType[] = ['new', 'cross', 'replace'];
  return (await sel.execute()).map((r) => ({
    paperId: r.id,
    arxivId: r.arxiv_id,
    primaryCategory: r.primary_category,
    type: types[Number(r.rank)]!,
  }));
}

/** The newest listing day; null when nothing is announced. */
export async function newestAnnouncementDay(db: Db): Promise<string | null> {
  const r = await db.kysely
    .selectFrom('paper_announcements')
    .select((eb) => eb.fn.max('day').as('day'))
    .executeTakeFirst();
  return (r?.day as string | null | undefined) ?? null;
}

/** The listing days just before and after `day` (days without announcements skipped). */
export async function neighbourDays(
  db: Db,
  day: string,
): Promise<{ prev: string | null; next: string | null }> {
  const [prev, next] = await Promise.all([
    db.kysely
      .selectFrom('paper_announcements')
      .select((eb) => eb.fn.max('day').as('day'))
      .where('day', '<', day)
      .executeTakeFirst(),
    db.kysely
      .selectFrom('paper_announcements')
      .select((eb) => eb.fn.min('day').as('day'))
      .where('day', '>', day)
      .executeTakeFirst(),
  ]);
  return { prev: (prev?.day as string | null) ?? null, next: (next?.day as string | null) ?? null };
}
