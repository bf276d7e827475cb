/**
 * Editions: the ranked papers of a feed period, frozen when the edition is created so
 * every recipient, every retry and the browser preview see the same list; and the
 * outbox rows that fan an edition out to its subscribers.
 */
import { type Selectable, sql } from 'kysely';
import type { Db } from '../db/connect.ts';
import type { EditionsTable } from '../db/tables/digest.ts';
import { latestVisibleEntry } from '../papers/list-items.repo.ts';

export type EditionRow = Selectable<EditionsTable>;

/** A paper as an email shows it. */
export interface EditionPaper {
  arxivId: string;
  title: string;
  authorsText: string;
  abstract: string;
  upvotes: number;
  commentCount: number;
  categories: string[];
  /** The paper's code repository or, failing that, its project page. */
  codeUrl: string | null;
  feedDate: string;
}

/** Most papers an edition keeps; subscribers' filters then pick their top N from these. */
export const EDITION_CANDIDATES = 300;

/** Featured, visible papers with feed dates in [from, to], ranked as the daily view ranks them. */
export async function rankedFeaturedPapers(
  db: Db,
  range: { from: string; to: string },
  limit = EDITION_CANDIDATES,
): Promise<EditionPaper[]> {
  const rows = await db.kysely
    .selectFrom('daily_entries as e')
    .innerJoin('papers as p', 'p.id', 'e.paper_id')
    .select([
      'p.arxiv_id',
      'p.title',
      'p.authors_text',
      'p.abstract',
      'p.upvotes',
      'p.comment_count',
      'p.categories',
      'p.github_repo',
      'p.project_page',
      'p.code_links',
      'e.feed_date',
    ])
    .where('e.feed_date', '>=', range.from)
    .where('e.feed_date', '<=', range.to)
    .where('e.hidden', '=', 0)
    .where('p.withdrawn', '=', 0)
    .orderBy('p.upvotes', 'desc')
    .orderBy('e.submitted_at', 'asc')
    .orderBy('p.id', 'asc')
    .limit(limit)
    .execute();
  // A paper featured on two days of the range is one paper of the edition.
  const seen = new Set<string>();
  return rows.filter((r) => !seen.has(r.arxiv_id) && seen.add(r.arxiv_id)).map(toPaper);
}

/** The papers of an edition, in its frozen order (papers deleted since are left out). */
export async function papersByArxivIds(db: Db, ids: string[]): Promise<EditionPaper[]> {
  if (ids.length === 0) return [];
  const rows = await db.kysely
    .selectFrom('papers as p')
    .leftJoin('daily_entries as e', (j) => j.on(latestVisibleEntry))
    .select([
      'p.arxiv_id',
      'p.title',
      'p.authors_text',
      'p.abstract',
      'p.upvotes',
      'p.comment_count',
      'p.categories',
      'p.github_repo',
      'p.project_page',
      'p.code_links',
      'e.feed_date',
    ])
    .where('p.arxiv_id', 'in', ids)
    .execute();
  const byId = new Map(rows.map((r) => [r.arxiv_id, toPaper(r)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

function toPaper(r: {
  arxiv_id: string;
  title: string;
  authors_text: string;
  abstract: string;
  upvotes: number;
  comment_count: number;
  categories: string;
  github_repo: string | null;
  project_page: string | null;
  code_links: string;
  feed_date: string | null;
}): EditionPaper {
  const links = JSON.parse(r.code_links) as string[];
  return {
    arxivId: r.arxiv_id,
    title: r.title,
    authorsText: r.authors_text,
    abstract: r.abstract,
    upvotes: Number(r.upvotes),
    commentCount: Number(r.comment_count),
    categories: r.categories.split(/\s+/).filter(Boolean),
    codeUrl: r.github_repo ?? r.project_page ?? links[0] ?? null,
    feedDate: r.feed_date ?? '',
  };
}

export async function getEditionByKey(db: Db, key: string): Promise<EditionRow | undefined> {
  return db.kysely.selectFrom('editions').selectAll().where('key', '=', key).executeTakeFirst();
}

export async function getEditions(db: Db, ids: number[]): Promise<EditionRow[]> {
  if (ids.length === 0) return [];
  return db.kysely.selectFrom('editions').selectAll().where('id', 'in', ids).execute();
}

/**
 * Creates the edition and queues it for every active, unsuppressed subscription of
 * `subscriptionKind` (or the one subscription `onlySubscriptionId`), in one transaction.
 * Returns null when the edition already existed: it was queued when it was created, and
 * queueing it again later would mail old news to whoever subscribed since.
 */
export async function createAndQueueEdition(
  db: Db,
  e: {
    key: string;
    kind: string;
    period: string;
    subject: string;
    paperIds: string[];
    now: string;
    subscriptionKind: string;
    onlySubscriptionId?: number;
  },
): Promise<{ edition: EditionRow; queued: number } | null> {
  return db.kysely.transaction().execute(async (tx) => {
    const inserted = await tx
      .insertInto('editions')
      .values({
        key: e.key,
        kind: e.kind,
        period: e.period,
        subject: e.subject,
        paper_ids: JSON.stringify(e.paperIds),
        created_at: e.now,
      })
      .onConflict((oc) => oc.column('key').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!inserted) return null;
    let subs = tx
      .selectFrom('subscriptions as s')
      .select([
        sql<number>`${sql.lit(inserted.id)}`.as('edition_id'),
        's.id as subscription_id',
        's.email',
        sql<string>`'queued'`.as('status'),
        sql<string>`cast(${e.now} as text)`.as('next_attempt_at'),
        sql<string>`cast(${e.now} as text)`.as('created_at'),
      ])
      .where('s.kind', '=', e.subscriptionKind)
      .where('s.status', '=', 'active')
      .where((eb) =>
        eb.not(
          eb.exists(
            eb.selectFrom('mail_suppressions as m').select('m.email').whereRef('m.email', '=', 's.email'),
          ),
        ),
      );
    if (e.onlySubscriptionId !== undefined) subs = subs.where('s.id', '=', e.onlySubscriptionId);
    const r = await tx
      .insertInto('outbox')
      .columns(['edition_id', 'subscription_id', 'email', 'status', 'next_attempt_at', 'created_at'])
      .expression(subs)
      .onConflict((oc) => oc.columns(['edition_id', 'subscription_id']).doNothing())
      .executeTakeFirst();
    return { edition: inserted, queued: Number(r.numInsertedOrUpdatedRows ?? 0) };
  });
}
