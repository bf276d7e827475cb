/**
 * Storage of papers and daily entries. Upserts are idempotent: the same record twice
 * changes nothing; a newer version updates the paper; a field a source does not know
 * never erases what another source stored.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Db } from '../db/connect.ts';
import type { Database } from '../db/schema.ts';
import type { PapersTable } from '../db/tables/core.ts';
import { cleanText, normalizeAuthorName, unwrapAbstract } from './names.ts';
import {
  type DailyEntryRecord,
  emptyCounts,
  type PaperRecord,
  type UpsertCounts,
  type UpsertOutcome,
} from './types.ts';

type Q = Kysely<Database> | Transaction<Database>;
type PaperRow = Omit<PapersTable, 'id'> & { id: number };

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
  const now = opts.now.toISOString();
  const existing = (await q
    .selectFrom('papers')
    .selectAll()
    .where('arxiv_id', '=', r.arxivId)
    .executeTakeFirst()) as PaperRow | undefined;
  const incoming = toColumns(r);

  if (!existing) {
    const { id } = await q
      .insertInto('papers')
      .values({
        ...incoming,
        upvotes: incoming.imported_upvotes,
        comment_count: 0,
        source: opts.source,
        is_demo: opts.isDemo ? 1 : 0,
        created_at: now,
        modified_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await writeChildren(q, id, r);
    return 'new';
  }

  // An older version than the stored one adds nothing.
  if (r.version !== undefined && r.version < existing.latest_version) return 'unchanged';
  const merged = mergeColumns(existing, incoming, r);
  const changed = Object.keys(merged).filter(
    (k) => (merged as Record<string, unknown>)[k] !== (existing as Record<string, unknown>)[k],
  );
  const versionsChanged = r.versions ? await versionsDiffer(q, existing.id, r.versions) : false;
  if (changed.length === 0 && !versionsChanged) return 'unchanged';

  const update: Partial<Omit<PapersTable, 'id'>> = { ...merged, source: opts.source, modified_at: now };
  if ('imported_upvotes' in merged) {
    // Keep the counter equal to the baseline plus local votes.
    update.upvotes = existing.upvotes - existing.imported_upvotes + (merged.imported_upvotes ?? 0);
  }
  await q.updateTable('papers').set(update).where('id', '=', existing.id).execute();
  if (changed.some((k) => k === 'authors_text' || k === 'categories') || versionsChanged) {
    await writeChildren(q, existing.id, r, { replace: true });
  }
  return 'updated';
}

type PaperColumns = Omit<
  PapersTable,
  'id' | 'upvotes' | 'comment_count' | 'source' | 'is_demo' | 'created_at' | 'modified_at'
>;

function toColumns(r: PaperRecord): PaperColumns {
  const categories = r.categories ?? [];
  return {
    arxiv_id: r.arxivId,
    latest_version: r.version ?? 1,
    title: cleanText(r.title),
    abstract: unwrapAbstract(r.abstract),
    authors_text: r.authors.map((a) => cleanText(a.name)).join(', '),
    comment: r.comment ?? null,
    journal_ref: r.journalRef ?? null,
    doi: r.doi ?? null,
    report_no: r.reportNo ?? null,
    license: r.license ?? null,
    primary_category: categories[0] ?? null,
    categories: categories.join(' '),
    published_at: r.publishedAt,
    updated_at: r.updatedAt ?? r.publishedAt,
    withdrawn: r.withdrawn ? 1 : 0,
    github_repo: r.githubRepo ?? null,
    project_page: r.projectPage ?? null,
    code_links: JSON.stringify(r.codeLinks ?? []),
    ai_summary: r.aiSummary ?? null,
    ai_keywords: r.aiKeywords ? JSON.stringify(r.aiKeywords) : null,
    github_stars: r.githubStars ?? null,
    thumbnail: r.thumbnail ?? null,
    imported_upvotes: r.importedUpvotes ?? 0,
  };
}

/** The columns to write: what the record knows; what it leaves out keeps its stored value. */
function mergeColumns(existing: PaperRow, c: PaperColumns, r: PaperRecord): Partial<PaperColumns> {
  const out: Partial<PaperColumns> = {};
  const set = <K extends keyof PaperColumns>(k: K, known: boolean) => {
    if (known && c[k] !== existing[k]) out[k] = c[k];
  };
  const newer = r.version !== undefined && r.version > existing.latest_version;
  set('latest_version', r.version !== undefined);
  set('title', true);
  set('abstract', r.abstract.trim() !== '');
  set('authors_text', r.authors.length > 0);
  set('comment', r.comment !== undefined && (newer || r.comment !== null));
  set('journal_ref', r.journalRef != null);
  set('doi', r.doi != null);
  set('report_no', r.reportNo != null);
  set('license', r.license != null);
  set('primary_category', (r.categories?.length ?? 0) > 0);
  set('categories', (r.categories?.length ?? 0) > 0);
  // The earliest v1 date wins (a source without versions may only know a later date).
  if (c.published_at < existing.published_at) out.published_at = c.published_at;
  if (r.updatedAt && c.updated_at > existing.updated_at) out.updated_at = c.updated_at;
  set('withdrawn', r.withdrawn !== undefined);
  set('github_repo', r.githubRepo != null);
  set('project_page', r.projectPage != null);
  if (r.codeLinks?.length) {
    const union = [...new Set([...(JSON.parse(existing.code_links) as string[]), ...r.codeLinks])];
    const json = JSON.stringify(union);
    if (json !== existing.code_links) out.code_links = json;
  }
  set('ai_summary', r.aiSummary != null);
  set('ai_keywords', r.aiKeywords != null);
  set('github_stars', r.githubStars != null);
  set('thumbnail', r.thumbnail != null);
  set('imported_upvotes', r.importedUpvotes !== undefined);
  return out;
}

async function versionsDiffer(q: Q, paperId: number, versions: NonNullable<PaperRecord['versions']>) {
  const stored = await q
    .selectFrom('paper_versions')
    .select(['version', 'submitted_at'])
    .where('paper_id', '=', paperId)
    .orderBy('version')
    .execute();
  const want = [...versions].sort((a, b) => a.version - b.version);
  if (want.length < stored.length) return false;
  return want.some((v, i) => stored[i]?.version !== v.version || stored[i]?.submitted_at !== v.submittedAt);
}

async function writeChildren(q: Q, paperId: number, r: PaperRecord, opts: { replace?: boolean } = {}) {
  if (r.authors.length > 0) {
    if (opts.replace) await q.deleteFrom('paper_authors').where('paper_id', '=', paperId).execute();
    const ids = await authorIds(
      q,
      r.authors.map((a) => cleanText(a.name)),
    );
    await q
      .insertInto('paper_authors')
      .values(
        r.authors.map((a, i) => ({
          paper_id: paperId,
          position: i,
          author_id: ids[i]!,
          affiliation: a.affiliation ?? null,
        })),
      )
      .execute();
  }
  if (r.categories?.length) {
    if (opts.replace) await q.deleteFrom('paper_categories').where('paper_id', '=', paperId).execute();
    await q
      .insertInto('paper_categories')
      .values([...new Set(r.categories)].map((category) => ({ paper_id: paperId, category })))
      .execute();
  }
  if (r.versions?.length) {
    if (opts.replace) await q.deleteFrom('paper_versions').where('paper_id', '=', paperId).execute();
    const seen = new Set<number>();
    const rows = r.versions.filter((v) => !seen.has(v.version) && seen.add(v.version));
    await q
      .insertInto('paper_versions')
      .values(
        rows.map((v) => ({
          paper_id: paperId,
          version: v.version,
          submitted_at: v.submittedAt,
          size: v.size ?? null,
        })),
      )
      .execute();
  }
}

/** Author ids for names in order, creating authors that are new. */
async function authorIds(q: Q, names: string[]): Promise<number[]> {
  const keys = names.map(normalizeAuthorName);
  const unique = [...new Set(keys)];
  await q
    .insertInto('authors')
    .values(unique.map((normalized) => ({ normalized, name: names[keys.indexOf(normalized)]! })))
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
  const found = await q.selectFrom('users').select('id').where('handle', '=', u.handle).executeTakeFirst();
  if (found) return found.id;
  const { id } = await q
    .insertInto('users')
    .values({
      email: null,
      handle: u.handle,
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
