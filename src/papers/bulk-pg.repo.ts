/**
 * The PostgreSQL side of bulk upserts: a whole batch in a handful of set-based statements
 * (one read of the stored rows, multi-row inserts for papers, authors and child rows)
 * instead of a dozen round trips per paper. It follows the same plan (`batch-plan.ts` over
 * `merge.ts`) as every other path.
 */
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { authorNames, type BatchPlan, planBatch, segments, versionsToLoad } from './batch-plan.ts';
import {
  type ChildRows,
  type MergeOptions,
  type PaperRow,
  paperAuthorRow,
  type StoredVersion,
} from './merge.ts';
import { withRebasedUpvotes } from './papers.repo.ts';
import { emptyCounts, type PaperRecord, type UpsertCounts } from './types.ts';

type Trx = Transaction<Database>;

/** Rows per multi-row statement: well under PostgreSQL's 65,535 bind parameters. */
const CHUNK = 1000;

export async function upsertBatchPg(
  trx: Trx,
  records: PaperRecord[],
  opts: MergeOptions,
): Promise<UpsertCounts> {
  const counts = emptyCounts();
  for (const run of segments(records)) {
    const c = await upsertRunPg(trx, run, opts);
    counts.new += c.new;
    counts.updated += c.updated;
    counts.unchanged += c.unchanged;
  }
  return counts;
}

/** A run of records naming distinct papers. */
async function upsertRunPg(trx: Trx, records: PaperRecord[], opts: MergeOptions): Promise<UpsertCounts> {
  const existing = new Map<string, PaperRow>();
  for (const part of chunks(records.map((r) => r.arxivId))) {
    const rows = (await trx
      .selectFrom('papers')
      .selectAll()
      .where('arxiv_id', 'in', part)
      .execute()) as PaperRow[];
    for (const row of rows) existing.set(row.arxiv_id, row);
  }
  const stored = new Map<number, StoredVersion[]>();
  for (const part of chunks(versionsToLoad(records, existing))) {
    const rows = await trx
      .selectFrom('paper_versions')
      .select(['paper_id', 'version', 'submitted_at'])
      .where('paper_id', 'in', part)
      .execute();
    for (const v of rows) stored.set(v.paper_id, [...(stored.get(v.paper_id) ?? []), v]);
  }

  const plan = planBatch(records, existing, stored, opts);
  const ids = new Map<string, number>();
  for (const [arxivId, row] of existing) ids.set(arxivId, row.id);
  for (const u of plan.updates)
    await trx.updateTable('papers').set(withRebasedUpvotes(u.set)).where('id', '=', u.id).execute();
  for (const part of chunks(plan.inserts)) {
    const got = await trx
      .insertInto('papers')
      .values(part.map((i) => i.row))
      .returning(['id', 'arxiv_id'])
      .execute();
    for (const g of got) ids.set(g.arxiv_id, g.id);
  }
  await writeChildrenPg(trx, plan, ids);
  return plan.counts;
}

async function writeChildrenPg(trx: Trx, plan: BatchPlan, ids: Map<string, number>) {
  const all = plan.children.map((c) => ({ paperId: ids.get(c.arxivId)!, rows: c.rows, replace: c.replace }));
  const replaced = (pick: (c: ChildRows) => unknown) =>
    all.filter((c) => c.replace && pick(c.rows)).map((c) => c.paperId);
  for (const part of chunks(replaced((c) => c.authors)))
    await trx.deleteFrom('paper_authors').where('paper_id', 'in', part).execute();
  for (const part of chunks(replaced((c) => c.categories)))
    await trx.deleteFrom('paper_categories').where('paper_id', 'in', part).execute();
  for (const part of chunks(replaced((c) => c.versions)))
    await trx.deleteFrom('paper_versions').where('paper_id', 'in', part).execute();

  // Authors: create the new ones (the first spelling in batch order wins), then map keys to ids.
  const names = authorNames(plan.children);
  const authorId = new Map<string, number>();
  for (const part of chunks([...names.keys()])) {
    await trx
      .insertInto('authors')
      .values(part.map((normalized) => ({ normalized, name: names.get(normalized)! })))
      .onConflict((oc) => oc.column('normalized').doNothing())
      .execute();
    const rows = await trx
      .selectFrom('authors')
      .select(['id', 'normalized'])
      .where('normalized', 'in', part)
      .execute();
    for (const r of rows) authorId.set(r.normalized, r.id);
  }

  const paperAuthors = all.flatMap((c) =>
    (c.rows.authors ?? []).map((a) => paperAuthorRow(c.paperId, a, authorId.get(a.normalized)!)),
  );
  for (const part of chunks(paperAuthors)) await trx.insertInto('paper_authors').values(part).execute();
  const categories = all.flatMap((c) =>
    (c.rows.categories ?? []).map((category) => ({ paper_id: c.paperId, category })),
  );
  for (const part of chunks(categories)) await trx.insertInto('paper_categories').values(part).execute();
  const versions = all.flatMap((c) => (c.rows.versions ?? []).map((v) => ({ paper_id: c.paperId, ...v })));
  for (const part of chunks(versions)) await trx.insertInto('paper_versions').values(part).execute();
}

function chunks<T>(xs: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += CHUNK) out.push(xs.slice(i, i + CHUNK));
  return out;
}
