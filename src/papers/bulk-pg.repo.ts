/**
 * The PostgreSQL side of bulk upserts: a whole batch in a handful of set-based statements
 * (one read of the stored rows, multi-row inserts for papers, authors and child rows)
 * instead of a dozen round trips per paper. It follows the same plan (`merge.ts`) as
 * every other path; a batch naming one paper twice is done row by row, because the second
 * record must see what the first wrote.
 */
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import {
  type ChildRows,
  type MergeOptions,
  type NewPaperRow,
  needsStoredVersions,
  type PaperRow,
  paperAuthorRow,
  planUpsert,
  type StoredVersion,
} from './merge.ts';
import { upsertPaperIn } from './papers.repo.ts';
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
  const ids = records.map((r) => r.arxivId);
  if (new Set(ids).size !== ids.length) {
    for (const r of records) counts[await upsertPaperIn(trx, r, opts)]++;
    return counts;
  }

  const existing = new Map<string, PaperRow>();
  for (const part of chunks(ids)) {
    const rows = (await trx
      .selectFrom('papers')
      .selectAll()
      .where('arxiv_id', 'in', part)
      .execute()) as PaperRow[];
    for (const row of rows) existing.set(row.arxiv_id, row);
  }
  const versionIds = records
    .filter((r) => needsStoredVersions(existing.get(r.arxivId), r))
    .map((r) => existing.get(r.arxivId)!.id);
  const stored = new Map<number, StoredVersion[]>();
  for (const part of chunks(versionIds)) {
    const rows = await trx
      .selectFrom('paper_versions')
      .select(['paper_id', 'version', 'submitted_at'])
      .where('paper_id', 'in', part)
      .execute();
    for (const v of rows) stored.set(v.paper_id, [...(stored.get(v.paper_id) ?? []), v]);
  }

  const children: { paperId: number; rows: ChildRows; replace: boolean }[] = [];
  const newRows: NewPaperRow[] = [];
  const newChildren: ChildRows[] = [];
  for (const r of records) {
    const old = existing.get(r.arxivId);
    const plan = planUpsert(old, r, opts, old ? stored.get(old.id) : undefined);
    counts[plan.outcome]++;
    if (plan.outcome === 'new') {
      newRows.push(plan.row);
      newChildren.push(plan.children);
    } else if (plan.outcome === 'updated') {
      await trx.updateTable('papers').set(plan.set).where('id', '=', old!.id).execute();
      if (plan.children) children.push({ paperId: old!.id, rows: plan.children, replace: true });
    }
  }
  for (let i = 0; i < newRows.length; i += CHUNK) {
    const part = newRows.slice(i, i + CHUNK);
    const got = await trx.insertInto('papers').values(part).returning(['id', 'arxiv_id']).execute();
    const byId = new Map(got.map((g) => [g.arxiv_id, g.id]));
    part.forEach((row, j) => {
      children.push({ paperId: byId.get(row.arxiv_id)!, rows: newChildren[i + j]!, replace: false });
    });
  }
  await writeChildrenPg(trx, children);
  return counts;
}

async function writeChildrenPg(trx: Trx, all: { paperId: number; rows: ChildRows; replace: boolean }[]) {
  const replaced = (pick: (c: ChildRows) => unknown) =>
    all.filter((c) => c.replace && pick(c.rows)).map((c) => c.paperId);
  for (const part of chunks(replaced((c) => c.authors)))
    await trx.deleteFrom('paper_authors').where('paper_id', 'in', part).execute();
  for (const part of chunks(replaced((c) => c.categories)))
    await trx.deleteFrom('paper_categories').where('paper_id', 'in', part).execute();
  for (const part of chunks(replaced((c) => c.versions)))
    await trx.deleteFrom('paper_versions').where('paper_id', 'in', part).execute();

  // Authors: create the new ones (first spelling in batch order wins, as row by row), then map keys to ids.
  const names = new Map<string, string>();
  for (const c of all)
    for (const a of c.rows.authors ?? []) if (!names.has(a.normalized)) names.set(a.normalized, a.name);
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
