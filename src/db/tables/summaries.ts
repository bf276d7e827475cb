/** The summariser's state (migration 0019_summaries); the summaries themselves are columns of `papers`. */
export interface SummaryStateTable {
  paper_id: number;
  /** `leased` (being summarised), `done`, `retry` (after a rejected reply, from `not_before`), `failed` (given up), `free`. */
  status: 'leased' | 'done' | 'retry' | 'failed' | 'free';
  /** Replies rejected so far. */
  attempts: number;
  /** The run holding the lease (fences the write of its result). */
  leased_by: string | null;
  /** Not to be taken before this instant: the lease's end, or the next retry. */
  not_before: string | null;
  /** The model whose summary was stored (status `done`). */
  model: string | null;
  last_error: string | null;
  updated_at: string;
}

export interface SummaryUsageTable {
  /** Local date (PAPERBOY_TIMEZONE) the budget is counted for. */
  day: string;
  requests: number;
  tokens: number;
}

export interface SummariesTables {
  summary_state: SummaryStateTable;
  summary_usage: SummaryUsageTable;
}
