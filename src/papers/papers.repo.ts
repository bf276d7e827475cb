/**
 * Storage of papers and daily entries. Upserts are idempotent: the same record twice
 * changes nothing; a newer version updates the paper; a field a source does not know
 * never erases what another source stored.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import { importedHandle } from '../community/imported-people.ts';
import type { Db } from '../db/connect.ts';
import type { Database } from '../db/schema.ts';
import { writeAnnouncements } from './announcements.repo.ts';
import {
  type ChildRows,
  childRows,
  type NewPaperRow,
  needsStoredVersions,
  type PaperRow,
  paperAuthorRow,
  planUpsert,
} from './merge.ts';
import {
  type DailyEntryRecord,
  emptyCounts,
  type OrganizationRecord,
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
    await writeAnnouncements(trx, papers);
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
  let paperId = existing?.id;
  if (plan.outcome === 'new') {
    const { id } = await q.insertInto('papers').values(plan.row).returning('id').executeTakeFirstOrThrow();
    await writeChildren(q, id, plan.children);
    paperId = id;
  } else if (plan.outcome === 'updated') {
    await q.updateTable('papers').set(withRebasedUpvotes(plan.set)).where('id', '=', existing!.id).execute();
    if (plan.children) await writeChildren(q, existing!.id, plan.children, { replace: true });
  }
  let outcome = plan.outcome;
  if (existing && r.verbatim && (await authorsDiffer(q, existing.id, r))) {
    // HF's author details (linked user, claim status) change without the names changing.
    await writeChildren(
      q,
      existing.id,
      { ...childRows(r), categories: null, versions: null },
      { replace: true },
    );
    if (outcome === 'unchanged') {
      await q
        .updateTable('papers')
        .set({ modified_at: opts.now.toISOString() })
        .where('id', '=', existing.id)
        .execute();
      outcome = 'updated';
    }
  }
  if (r.organization && paperId !== undefined) {
    const orgId = await ensureOrganization(q, r.organization, opts);
    if (orgId !== (existing?.organization_id ?? null)) {
      await q.updateTable('papers').set({ organization_id: orgId }).where('id', '=', paperId).execute();
      if (outcome === 'unchanged') return 'updated';
    }
  }
  return outcome;
}

/** True when the stored author rows differ from the record's (names or HF details). */
async function authorsDiffer(q: Q, paperId: number, r: PaperRecord): Promise<boolean> {
  const want = childRows(r).authors ?? [];
  const have = await q
    .selectFrom('paper_authors')
    .select(['name', 'affiliation', 'hf_user', 'claim_status', 'claim_status_changed_at', 'hidden'])
    .where('paper_id', '=', paperId)
    .orderBy('position')
    .execute();
  return (
    have.length !== want.length ||
    want.some((a, i) => {
      const h = have[i]!;
      return (
        h.name !== a.name ||
        h.affiliation !== a.affiliation ||
        h.hf_user !== a.hf_user ||
        h.claim_status !== a.claim_status ||
        h.claim_status_changed_at !== a.claim_status_changed_at ||
        h.hidden !== a.hidden
      );
    })
  );
}

/** The organisation's id by its handle, created on first sight; a new display name or avatar is kept. */
async function ensureOrganization(q: Q, o: OrganizationRecord, opts: UpsertOptions): Promise<number> {
  const found = await q
    .selectFrom('organizations')
    .select(['id', 'fullname', 'avatar_url'])
    .where('name', '=', o.name)
    .executeTakeFirst();
  if (found) {
    if (found.fullname !== o.fullname || found.avatar_url !== o.avatarUrl) {
      await q
        .updateTable('organizations')
        .set({ fullname: o.fullname, avatar_url: o.avatarUrl })
        .where('id', '=', found.id)
        .execute();
    }
    return found.id;
  }
  const { id } = await q
    .insertInto('organizations')
    .values({
      name: o.name,
      fullname: o.fullname,
      avatar_url: o.avatarUrl,
      is_demo: opts.isDemo ? 1 : 0,
      created_at: opts.now.toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

async function writeChildren(q: Q, paperId: number, c: ChildRows, opts: { replace?: boolean } = {}) {
  if (c.authors) {
    if (opts.replace) await q.deleteFrom('paper_authors').where('paper_id', '=', paperId).execute();
    const ids = await authorIds(q, c.authors);
    await q
      .insertInto('paper_authors')
      .values(c.authors.map((a, i) => paperAuthorRow(paperId, a, ids[i]!)))
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

/** Which of `arxivIds` are featured on a day after `feedDate`. */
export async function papersFeaturedAfter(
  db: Db,
  arxivIds: string[],
  feedDate: string,
): Promise<Set<string>> {
  if (arxivIds.length === 0) return new Set();
  const rows = await db.kysely
    .selectFrom('daily_entries as e')
    .innerJoin('papers as p', 'p.id', 'e.paper_id')
    .select('p.arxiv_id')
    .where('p.arxiv_id', 'in', arxivIds)
    .where('e.feed_date', '>', feedDate)
    .execute();
  return new Set(rows.map((r) => r.arxiv_id));
}

/**
 * Features a paper on the daily feed on one day. A paper has at most one entry per day: an
 * entry for a day the paper already has keeps its place, and only the counts an import
 * owns (HF's upvotes and comments of that day) are refreshed ('updated'); the paper's
 * imported baseline is then that of its latest day, to which local votes and comments add.
 * An unknown paper is 'rejected'. Submitters named by handle are created as users that
 * cannot sign in (no email).
 */
export async function featurePaperIn(
  q: Q,
  e: DailyEntryRecord,
  opts: UpsertOptions,
): Promise<UpsertOutcome | 'rejected'> {
  const paper = await q
    .selectFrom('papers')
    .select(['id', 'imported_upvotes', 'imported_comments'])
    .where('arxiv_id', '=', e.arxivId)
    .executeTakeFirst();
  if (!paper) return 'rejected';
  // An entry that brings no counts of its own shows the paper's (a source counting per paper).
  const imported = {
    imported_upvotes: e.importedUpvotes ?? paper.imported_upvotes,
    imported_comments: e.importedComments ?? paper.imported_comments,
    author_participating: e.authorParticipating ? 1 : 0,
    hf_position: e.position ?? null,
    hf_submitter: e.hfSubmitter ? JSON.stringify(e.hfSubmitter) : null,
  };
  const existing = await q
    .selectFrom('daily_entries')
    .select([
      'id',
      'imported_upvotes',
      'imported_comments',
      'author_participating',
      'hf_position',
      'hf_submitter',
    ])
    .where('paper_id', '=', paper.id)
    .where('feed_date', '=', e.feedDate)
    .executeTakeFirst();
  let outcome: UpsertOutcome;
  if (existing) {
    const same = (Object.keys(imported) as (keyof typeof imported)[]).every(
      (k) => existing[k] === imported[k],
    );
    if (same) return 'unchanged';
    await q.updateTable('daily_entries').set(imported).where('id', '=', existing.id).execute();
    outcome = 'updated';
  } else {
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
        ...imported,
      })
      .onConflict((oc) => oc.columns(['paper_id', 'feed_date']).doNothing())
      .executeTakeFirst();
    if (Number(res.numInsertedOrUpdatedRows ?? 0) === 0) return 'unchanged';
    outcome = 'new';
  }
  await syncImportedCounts(q, paper.id);
  return outcome;
}

/**
 * The paper's imported baseline is its latest day's (HF's most recent count); the totals
 * stay that baseline plus the local votes and visible comments.
 */
/**
 * A planned update of a paper, with `upvotes` (the imported baseline plus local votes)
 * moved with the baseline by the statement itself, against the row as it is when written:
 * a vote committed after the plan's read stays counted. The set-based SQLite writer
 * (bulk-sqlite.repo.ts) spells the same assignment in its own SQL.
 */
export function withRebasedUpvotes(set: Partial<NewPaperRow>) {
  const baseline = set.imported_upvotes;
  return baseline === undefined
    ? set
    : { ...set, upvotes: sql<number>`upvotes - imported_upvotes + ${baseline}` };
}

async function syncImportedCounts(q: Q, paperId: number): Promise<void> {
  const latest = await q
    .selectFrom('daily_entries')
    .select(['imported_upvotes', 'imported_comments'])
    .where('paper_id', '=', paperId)
    .orderBy('feed_date', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  await q
    .updateTable('papers')
    .set({
      // The local part (votes, comments) is unchanged: swap the baseline under it.
      ...withRebasedUpvotes({ imported_upvotes: latest.imported_upvotes }),
      imported_comments: latest.imported_comments,
      comment_count: sql<number>`comment_count - imported_comments + ${latest.imported_comments}`,
    })
    .where('id', '=', paperId)
    .execute();
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
