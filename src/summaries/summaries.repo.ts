/**
 * Storage of the summariser: which papers still need a summary, per-paper leases (so
 * concurrent runs and workers never ask for the same paper), the fenced write of a result,
 * rejected replies with their retry time, and the daily budget. Every statement is one
 * atomic step on both databases.
 */
import { type ExpressionBuilder, sql } from 'kysely';
import type { Db } from '../db/connect.ts';
import type { Database } from '../db/schema.ts';

export type Scope = 'featured' | 'all';

export interface Selection {
  scope: Scope;
  /** Also replace summaries already there (imported, or by another model), and retry given-up papers. */
  redo: boolean;
  /** The configured model: with `redo`, papers it already summarised here are skipped. */
  model: string;
  now: Date;
}

export interface PaperToSummarise {
  id: number;
  arxivId: string;
  title: string;
  abstract: string;
}

/** A paper's state row blocks it: leased or waiting for a retry, given up, or (redo) done by this model. */
function blocked(eb: ExpressionBuilder<Database, 'papers'>, s: Selection) {
  const now = s.now.toISOString();
  return eb.exists(
    eb
      .selectFrom('summary_state as s')
      .select('s.paper_id')
      .whereRef('s.paper_id', '=', 'papers.id')
      .where((w) =>
        w.or([
          w('s.not_before', '>', now),
          ...(s.redo
            ? [w.and([w('s.status', '=', 'done'), w('s.model', '=', s.model)])]
            : [w('s.status', 'in', ['failed', 'done'])]),
        ]),
      ),
  );
}

function selection(db: Db, s: Selection) {
  let q = db.kysely.selectFrom('papers').where((eb) => eb.not(blocked(eb, s)));
  if (!s.redo) q = q.where('papers.ai_summary', 'is', null);
  // `IN` rather than `EXISTS`: featured papers are few, so the planner can start from them
  // instead of walking a million papers newest first.
  if (s.scope === 'featured')
    q = q.where('papers.id', 'in', (eb) =>
      eb.selectFrom('daily_entries as e').select('e.paper_id').where('e.hidden', '=', 0),
    );
  return q;
}

/** Papers that need a summary, newest first. */
export async function papersToSummarise(db: Db, s: Selection, limit: number): Promise<PaperToSummarise[]> {
  return selection(db, s)
    .select(['papers.id', 'papers.arxiv_id as arxivId', 'papers.title', 'papers.abstract'])
    .orderBy('papers.published_at', 'desc')
    .orderBy('papers.id', 'desc')
    .limit(limit)
    .execute();
}

export async function countToSummarise(db: Db, s: Selection): Promise<number> {
  const r = await selection(db, s)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * Leases a paper to run `owner` until `until`; false when another run holds it, it waits
 * for a retry, or it no longer needs a summary. Atomic: of two runs, one gets it.
 */
export async function leasePaper(db: Db, paperId: number, owner: string, until: Date, s: Selection) {
  const now = s.now.toISOString();
  const row = await db.kysely
    .insertInto('summary_state')
    .values({
      paper_id: paperId,
      status: 'leased',
      attempts: 0,
      leased_by: owner,
      not_before: until.toISOString(),
      updated_at: now,
    })
    .onConflict((oc) =>
      oc
        .column('paper_id')
        .doUpdateSet({ status: 'leased', leased_by: owner, not_before: until.toISOString(), updated_at: now })
        .where((w) =>
          w.and([
            w.or([w('summary_state.not_before', 'is', null), w('summary_state.not_before', '<=', now)]),
            s.redo
              ? w.or([w('summary_state.status', '<>', 'done'), w('summary_state.model', '<>', s.model)])
              : w('summary_state.status', 'not in', ['done', 'failed']),
          ]),
        ),
    )
    .returning('paper_id')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Stores a summary if `owner` still holds the paper's lease (a run whose lease ran out and
 * was taken over writes nothing). Without `redo`, a summary that arrived meanwhile (an
 * import) is kept. Returns whether the paper now has this summary.
 */
export async function storeSummary(
  db: Db,
  w: {
    paperId: number;
    owner: string;
    summary: string;
    keywords: string[];
    model: string;
    redo: boolean;
    now: Date;
  },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const fenced = await tx.kysely
      .updateTable('summary_state')
      .set({
        status: 'done',
        model: w.model,
        leased_by: null,
        not_before: null,
        last_error: null,
        updated_at: w.now.toISOString(),
      })
      .where('paper_id', '=', w.paperId)
      .where('leased_by', '=', w.owner)
      .where('status', '=', 'leased')
      .executeTakeFirst();
    if (Number(fenced.numUpdatedRows) !== 1) return false;
    let q = tx.kysely
      .updateTable('papers')
      .set({ ai_summary: w.summary, ai_keywords: JSON.stringify(w.keywords), ai_summary_model: w.model })
      .where('id', '=', w.paperId);
    if (!w.redo) q = q.where('ai_summary', 'is', null);
    return Number((await q.executeTakeFirst()).numUpdatedRows) === 1;
  });
}

/** Rejected replies a paper gets before it is given up (`paperboy summarize --redo` retries it). */
export const MAX_REJECTED = 3;
/** Wait before asking again about a paper whose reply was rejected; doubles per rejection. */
const RETRY_AFTER_REJECT_MS = 60 * 60_000;

/** Records a rejected reply: the paper is retried later, or given up after MAX_REJECTED. */
export async function rejectReply(db: Db, paperId: number, owner: string, reason: string, now: Date) {
  const row = await db.kysely
    .selectFrom('summary_state')
    .select('attempts')
    .where('paper_id', '=', paperId)
    .where('leased_by', '=', owner)
    .executeTakeFirst();
  if (!row) return;
  const attempts = row.attempts + 1;
  const last = attempts >= MAX_REJECTED;
  await db.kysely
    .updateTable('summary_state')
    .set({
      status: last ? 'failed' : 'retry',
      attempts,
      leased_by: null,
      not_before: last
        ? null
        : new Date(now.getTime() + RETRY_AFTER_REJECT_MS * 2 ** (attempts - 1)).toISOString(),
      last_error: reason.slice(0, 500),
      updated_at: now.toISOString(),
    })
    .where('paper_id', '=', paperId)
    .where('leased_by', '=', owner)
    .execute();
}

/** Gives a leased paper back untouched (the run stopped before it had an answer). */
export async function releasePaper(db: Db, paperId: number, owner: string, now: Date) {
  await db.kysely
    .updateTable('summary_state')
    .set({
      status: sql<'retry' | 'free'>`case when attempts > 0 then 'retry' else 'free' end`,
      leased_by: null,
      not_before: null,
      updated_at: now.toISOString(),
    })
    .where('paper_id', '=', paperId)
    .where('leased_by', '=', owner)
    .execute();
}

export interface Budget {
  /** Requests per day; 0: no limit. */
  requests: number;
  /** Tokens per day (as the endpoint reports them); 0: no limit. */
  tokens: number;
}

/**
 * Spends one request of `day`'s budget; false when the day's requests or tokens are used up.
 * One statement, so workers sharing the database never overspend the request count.
 */
export async function reserveRequest(db: Db, day: string, budget: Budget): Promise<boolean> {
  const row = await db.kysely
    .insertInto('summary_usage')
    .values({ day, requests: 1, tokens: 0 })
    .onConflict((oc) => {
      const add = oc.column('day').doUpdateSet({ requests: sql<number>`summary_usage.requests + 1` });
      return budget.requests > 0 || budget.tokens > 0
        ? add.where((w) =>
            w.and([
              ...(budget.requests > 0 ? [w('summary_usage.requests', '<', budget.requests)] : []),
              ...(budget.tokens > 0 ? [w('summary_usage.tokens', '<', budget.tokens)] : []),
            ]),
          )
        : add;
    })
    .returning('requests')
    .executeTakeFirst();
  return row !== undefined;
}

/** Adds the tokens a reply reported to `day`'s usage. */
export async function addTokens(db: Db, day: string, tokens: number) {
  if (tokens <= 0) return;
  await db.kysely
    .updateTable('summary_usage')
    .set({ tokens: sql<number>`tokens + ${Math.round(tokens)}` })
    .where('day', '=', day)
    .execute();
}

export async function usageOn(db: Db, day: string): Promise<{ requests: number; tokens: number }> {
  const r = await db.kysely
    .selectFrom('summary_usage')
    .select(['requests', 'tokens'])
    .where('day', '=', day)
    .executeTakeFirst();
  return { requests: r?.requests ?? 0, tokens: r?.tokens ?? 0 };
}
