/**
 * Storage of papers and daily entries. Upserts are idempotent: the same record twice
 * changes nothing; a newer version updates the paper; a field a source does not know
 * never erases what another source stored.
 */
import type { Kysely, Transaction } from 'kysely';
import { importedHandle } from '../community/imported-people.ts';
import type { Db } from '../db/connect.ts';
import type { Database } from '../db/schema.ts';
import { type ChildRows, needsStoredVersions, type PaperRow, planUpsert } from './merge.ts';
import {
  type DailyEntryRecord,
  emptyCounts,
  type PaperRecord,
  type UpsertCounts,
  type UpsertOutcome,
} from './types.ts';

type Q = Kysely<Database> | Transaction<Database>;

export interface UpsertOptions {
  source: string;
  now: Date;
  isDemo?: boolean;
}

/** Upserts many papers in one transaction; returns how many were new, updated or unchanged. */
export async function upsertPapers(
  db: Db,
  records: PaperRecord[],
  opts: UpsertOptions,
): Promise<UpsertCounts> {
  return (await importBatch(db, records, [], opts)).papers;
}

/**
 * Papers and the daily entries that feature them, in one transaction: a crash leaves the
 * batch wholly written or not at all.
 */
export async function importBatch(
  db: Db,
  papers: PaperRecord[],
  entries: DailyEntryRecord[],
  opts: UpsertOptions,
): Promise<{ papers: UpsertCounts; entries: UpsertCounts }> {
  return db.kysely.transaction().execute(async (trx) => {
    const paperCounts = emptyCounts();
    for (const r of papers) paperCounts[await upsertPaperIn(trx, r, opts)]++;
    const entryCounts = emptyCounts();
    for (const e of entries) entryCounts[await featurePaperIn(trx, e, opts)]++;
    return { papers: paperCounts, entries: entryCounts };
  });
}

export async function upsertPaperIn(q: Q, r: PaperRecord, opts: UpsertOptions): Promise<UpsertOutcome> {
  const existing = (await q
    .selectFrom('papers')
    .selectAll()
    .where('arxiv_id', '=', r.arxivId)
    .executeTakeFirst()) as PaperRow | undefined;
  const stored = needsStoredVersions(existing, r)
    ? await q
        .selectFrom('paper_versions')
        .select(['version', 'submitted_at'])
        .where('paper_id', '=', existing!.id)
        .execute()
    : [];
  const plan = planUpsert(existing, r, opts, stored);
  if (plan.outcome === 'new') {
    const { id } = await q.insertInto('papers').values(plan.row).returning('id').executeTakeFirstOrThrow();
    await writeChildren(q, id, plan.children);
  } else if (plan.outcome === 'updated') {
    await q.updateTable('papers').set(plan.set).where('id', '=', existing!.id).execute();
    if (plan.children) await writeChildren(q, existing!.id, plan.children, { replace: true });
  }
  return plan.outcome;
}

async function writeChildren(q: Q, paperId: number, c: ChildRows, opts: { replace?: boolean } = {}) {
  if (c.authors) {
    if (opts.replace) await q.deleteFrom('paper_authors').where('paper_id', '=', paperId).execute();
    const ids = await authorIds(q, c.authors);
    await q
      .insertInto('paper_authors')
      .values(
        c.authors.map((a, i) => ({
          paper_id: paperId,
          position: a.position,
          author_id: ids[i]!,
          affiliation: a.affiliation,
        })),
      )
      .execute();
  }
  if (c.categories) {
    if (opts.replace) await q.deleteFrom('paper_categories').where('paper_id', '=', paperId).execute();
    await q
      .insertInto('paper_categories')
      .values(c.categories.map((category) => ({ paper_id: paperId, category })))
      .execute();
  }
  if (c.versions) {
    if (opts.replace) await q.deleteFrom('paper_versions').where('paper_id', '=', paperId).execute();
    await q
      .insertInto('paper_versions')
      .values(c.versions.map((v) => ({ paper_id: paperId, ...v })))
      .execute();
  }
}

/** Author ids for the given authors in order, creating authors that are new. */
async function authorIds(q: Q, authors: { name: string; normalized: string }[]): Promise<number[]> {
  const keys = authors.map((a) => a.normalized);
  const unique = [...new Set(keys)];
  await q
    .insertInto('authors')
    .values(unique.map((normalized) => ({ normalized, name: authors[keys.indexOf(normalized)]!.name })))
    .onConflict((oc) => oc.column('normalized').doNothing())
    .execute();
  const rows = await q
    .selectFrom('authors')
    .select(['id', 'normalized'])
    .where('normalized', 'in', unique)
    .execute();
  const byKey = new Map(rows.map((r) => [r.normalized, r.id]));
  return keys.map((k) => byKey.get(k)!);
}

/**
 * Features a paper on the daily feed. A paper is featured once: an entry for a paper that
 * already has one is left as it is ('unchanged'); an unknown paper is 'rejected'.
 * Submitters named by handle are created as users that cannot sign in (no email).
 */
export async function featurePaperIn(
  q: Q,
  e: DailyEntryRecord,
  opts: UpsertOptions,
): Promise<UpsertOutcome | 'rejected'> {
  const paper = await q
    .selectFrom('papers')
    .select('id')
    .where('arxiv_id', '=', e.arxivId)
    .executeTakeFirst();
  if (!paper) return 'rejected';
  const submittedBy = e.submitter
    ? await ensureUser(q, e.submitter, opts.now.toISOString(), opts.isDemo)
    : null;
  const res = await q
    .insertInto('daily_entries')
    .values({
      paper_id: paper.id,
      feed_date: e.feedDate,
      submitted_by: submittedBy,
      submitted_at: e.submittedAt,
      note: e.note ?? null,
      hidden: 0,
      is_demo: opts.isDemo ? 1 : 0,
    })
    .onConflict((oc) => oc.column('paper_id').doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) > 0 ? 'new' : 'unchanged';
}

async function ensureUser(
  q: Q,
  u: NonNullable<DailyEntryRecord['submitter']>,
  now: string,
  isDemo?: boolean,
): Promise<number> {
  // Imported people have their own handle space: never a local account (imported-people.ts).
  const handle = importedHandle(u.handle);
  const found = await q.selectFrom('users').select('id').where('handle', '=', handle).executeTakeFirst();
  if (found) return found.id;
  const { id } = await q
    .insertInto('users')
    .values({
      email: null,
      handle,
      display_name: u.displayName,
      avatar_url: u.avatarUrl ?? null,
      role: 'user',
      status: 'active',
      is_demo: isDemo ? 1 : 0,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}
