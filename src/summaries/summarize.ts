/**
 * The use case: summarise the papers that lack a summary (or, with `redo`, replace
 * imported ones), a few at a time, within the day's budget. Each paper is leased before it
 * is asked about and its result written under that lease, so a run killed mid-batch loses
 * at most its in-flight papers (taken again when their lease ends) and two runs never
 * summarise one paper twice. Run by the `summarize` job (jobs/schedule.ts) and by
 * `paperboy summarize`.
 */
import { randomUUID } from 'node:crypto';
import type { Config } from '../config.ts';
import type { Db } from '../db/connect.ts';
import { feedDateOf } from '../feed/dates.ts';
import type { Clock } from '../shared/clock.ts';
import { callChat, type Endpoint, MAX_RETRIES, MAX_WAIT_MS, StopRun } from './client.ts';
import { chatRequest, type PaperText } from './prompt.ts';
import { parseSummary, readCompletion } from './reply.ts';
import {
  addTokens,
  type Budget,
  countToSummarise,
  leasePaper,
  type PaperToSummarise,
  papersToSummarise,
  rejectReply,
  releasePaper,
  reserveRequest,
  type Scope,
  type Selection,
  storeSummary,
} from './summaries.repo.ts';

export { StopRun } from './client.ts';

export interface SummarizerSettings {
  endpoint: Endpoint;
  scope: Scope;
  /** Requests in flight at once. */
  concurrency: number;
  budget: Budget;
  /** The budget's day is a local date in this zone. */
  timezone: string;
}

/** The summariser's settings, or null when SUMMARIZER=off. */
export function summarizerSettings(c: Config): SummarizerSettings | null {
  if (c.SUMMARIZER === 'off' || !c.SUMMARIZER_URL || !c.SUMMARIZER_MODEL) return null;
  return {
    endpoint: {
      url: c.SUMMARIZER_URL,
      model: c.SUMMARIZER_MODEL,
      apiKey: c.SUMMARIZER_API_KEY,
      timeoutMs: c.SUMMARIZER_TIMEOUT_MS,
    },
    scope: c.SUMMARIZER_SCOPE,
    concurrency: c.SUMMARIZER_CONCURRENCY,
    budget: { requests: c.SUMMARIZER_DAILY_REQUESTS, tokens: c.SUMMARIZER_DAILY_TOKENS },
    timezone: c.PAPERBOY_TIMEZONE,
  };
}

export interface SummariseDeps {
  db: Db;
  clock: Clock;
  settings: SummarizerSettings;
  /** How backoff waits (tests record the waits instead of sleeping). */
  sleep?: (ms: number) => Promise<void>;
  fetch?: typeof fetch;
  log?: { warn(o: object, m: string): void };
}

export interface SummariseOptions {
  redo?: boolean;
  /** Papers to take at most (a background run does a batch; the next continues). */
  max?: number;
  /** Called with (papers handled, papers to handle); counting them costs a query, so only when given. */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface SummariseResult {
  summarised: number;
  /** Replies refused by validation (each paper is retried later, at most MAX_REJECTED times). */
  rejected: number;
  /** Why the run ended before running out of papers, if it did. */
  stopped: { why: StopRun['why']; message: string } | null;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Tokens of a request when the endpoint reports none: ~4 characters per token. */
function estimateTokens(p: PaperText, reply: string): number {
  return Math.ceil((p.title.length + p.abstract.length + reply.length + 1200) / 4);
}

export async function summarisePapers(
  deps: SummariseDeps,
  opts: SummariseOptions = {},
): Promise<SummariseResult> {
  const { db, clock, settings } = deps;
  const { endpoint, budget } = settings;
  const owner = randomUUID();
  const redo = opts.redo ?? false;
  const selection = (): Selection => ({
    scope: settings.scope,
    redo,
    model: endpoint.model,
    now: clock.now(),
  });
  const day = () => feedDateOf(clock.now(), settings.timezone);
  // Long enough for every retry of one paper; a killed run's papers are free again after it.
  const leaseMs = (endpoint.timeoutMs + MAX_WAIT_MS) * (MAX_RETRIES + 1);
  const total = opts.onProgress ? await countToSummarise(db, selection()) : 0;
  const result: SummariseResult = { summarised: 0, rejected: 0, stopped: null };
  let handled = 0;
  let taken = 0;
  const queue: PaperToSummarise[] = [];
  let failure: unknown = null;
  const halted = () => result.stopped !== null || failure !== null || opts.signal?.aborted === true;

  // One taker at a time: the next paper is read and leased under this chain.
  let turn: Promise<unknown> = Promise.resolve();
  const nextPaper = (): Promise<PaperToSummarise | null> => {
    const mine = turn.then(async () => {
      while (!halted() && (opts.max === undefined || taken < opts.max)) {
        if (queue.length === 0) {
          queue.push(...(await papersToSummarise(db, selection(), settings.concurrency * 4)));
          if (queue.length === 0) return null;
        }
        const p = queue.shift()!;
        const until = new Date(clock.now().getTime() + leaseMs);
        if (await leasePaper(db, p.id, owner, until, selection())) {
          taken++;
          return p;
        }
      }
      return null;
    });
    turn = mine.catch(() => {});
    return mine;
  };

  const summariseOne = async (p: PaperToSummarise) => {
    const body = await callChat(endpoint, chatRequest(endpoint.model, p), {
      reserve: () => reserveRequest(db, day(), budget),
      sleep: deps.sleep ?? realSleep,
      now: () => clock.now().getTime(),
      fetch: deps.fetch,
    });
    const completion = readCompletion(body);
    if (completion.ok)
      await addTokens(db, day(), completion.value.tokens ?? estimateTokens(p, completion.value.content));
    const parsed = completion.ok ? parseSummary(completion.value.content) : completion;
    if (!parsed.ok) {
      await rejectReply(db, p.id, owner, parsed.reason, clock.now());
      deps.log?.warn({ arxivId: p.arxivId, reason: parsed.reason }, 'summary reply rejected');
      result.rejected++;
      return;
    }
    const stored = await storeSummary(db, {
      paperId: p.id,
      owner,
      ...parsed.value,
      model: endpoint.model,
      redo,
      now: clock.now(),
    });
    if (stored) result.summarised++;
  };

  const worker = async () => {
    for (let p = await nextPaper(); p; p = await nextPaper()) {
      try {
        await summariseOne(p);
      } catch (err) {
        await releasePaper(db, p.id, owner, clock.now()).catch(() => {});
        if (err instanceof StopRun) result.stopped ??= { why: err.why, message: err.message };
        else failure ??= err;
        return;
      }
      handled++;
      opts.onProgress?.(handled, Math.max(total, handled));
    }
  };
  await Promise.all(Array.from({ length: settings.concurrency }, worker));
  if (failure) throw failure;
  return result;
}
