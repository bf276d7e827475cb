/**
 * The plan of a whole batch of upserts, for the set-based writers (bulk.repo.ts on SQLite,
 * bulk-pg.repo.ts on PostgreSQL): each record is planned by `planUpsert` (merge.ts) against
 * the stored rows read once for the batch, so the semantics are those of the row-by-row
 * path. Pure.
 *
 * A batch must not name a paper twice (the second record has to see what the first
 * wrote): `segments` cuts a batch into runs of distinct papers, written one after another.
 */
import {
  type ChildRows,
  type MergeOptions,
  type NewPaperRow,
  needsStoredVersions,
  type PaperRow,
  planUpsert,
  type StoredVersion,
} from './merge.ts';
import { emptyCounts, type PaperRecord, type UpsertCounts } from './types.ts';

export interface BatchPlan {
  counts: UpsertCounts;
  /** New papers, in batch order. */
  inserts: { row: NewPaperRow; children: ChildRows }[];
  /** Changed papers, in batch order. */
  updates: { id: number; set: Partial<NewPaperRow> }[];
  /**
   * Every child-row write of the batch in batch order, keyed by arXiv id (a new paper has
   * no id yet), with whether it replaces the stored rows.
   */
  children: { arxivId: string; rows: ChildRows; replace: boolean }[];
}

/** Runs of consecutive records with distinct arXiv ids, in order. */
export function segments(records: PaperRecord[]): PaperRecord[][] {
  const out: PaperRecord[][] = [];
  let seen = new Set<string>();
  let run: PaperRecord[] = [];
  for (const r of records) {
    if (seen.has(r.arxivId)) {
      out.push(run);
      run = [];
      seen = new Set();
    }
    seen.add(r.arxivId);
    run.push(r);
  }
  if (run.length) out.push(run);
  return out;
}

/** Ids of the stored papers whose versions the plan needs. */
export function versionsToLoad(records: PaperRecord[], existing: Map<string, PaperRow>): number[] {
  const ids: number[] = [];
  for (const r of records) {
    const old = existing.get(r.arxivId);
    if (needsStoredVersions(old, r)) ids.push(old!.id);
  }
  return ids;
}

/** Plans a run of records with distinct ids against the stored rows and versions. */
export function planBatch(
  records: PaperRecord[],
  existing: Map<string, PaperRow>,
  stored: Map<number, StoredVersion[]>,
  opts: MergeOptions,
): BatchPlan {
  const plan: BatchPlan = { counts: emptyCounts(), inserts: [], updates: [], children: [] };
  for (const r of records) {
    const old = existing.get(r.arxivId);
    const p = planUpsert(old, r, opts, old ? (stored.get(old.id) ?? []) : []);
    plan.counts[p.outcome]++;
    if (p.outcome === 'new') {
      plan.inserts.push({ row: p.row, children: p.children });
      plan.children.push({ arxivId: r.arxivId, rows: p.children, replace: false });
    } else if (p.outcome === 'updated') {
      plan.updates.push({ id: old!.id, set: p.set });
      if (p.children) plan.children.push({ arxivId: r.arxivId, rows: p.children, replace: true });
    }
  }
  return plan;
}

/** The authors the batch names, by normalised key: the first spelling in batch order wins, as row by row. */
export function authorNames(children: BatchPlan['children']): Map<string, string> {
  const names = new Map<string, string>();
  for (const c of children)
    for (const a of c.rows.authors ?? []) if (!names.has(a.normalized)) names.set(a.normalized, a.name);
  return names;
}
