/**
 * One chat-completions call to an OpenAI-compatible endpoint (a hosted API, vLLM,
 * llama.cpp server, Ollama), with what a background job needs around it: a time limit per
 * request, retries with exponential backoff on 429, 5xx, timeouts and network errors (a
 * `Retry-After` replaces the backoff), and the daily budget asked before every request,
 * retries included. A condition that will not pass by retrying this paper now ends the
 * run with a `StopRun` (the next run continues); a reply that arrives is returned as is,
 * for reply.ts to judge.
 */
import { retryAfterMs } from '../ingest/http.ts';

export interface Endpoint {
  /** Base URL; `/v1/chat/completions` is appended (a trailing `/v1` is tolerated). */
  url: string;
  model: string;
  apiKey?: string;
  timeoutMs: number;
}

/** Why a run stops early: the budget is spent, the endpoint is unavailable, or it refuses us. */
export class StopRun extends Error {
  constructor(
    readonly why: 'budget' | 'unavailable' | 'refused',
    message: string,
  ) {
    super(message);
    this.name = 'StopRun';
  }
}

/** Retries after the first request of a paper. */
export const MAX_RETRIES = 3;
/** First backoff; doubles per retry (1 s, 2 s, 4 s). */
const BASE_DELAY_MS = 1000;
/** Longest wait a run sits through; a longer `Retry-After` ends the run (the next one continues). */
export const MAX_WAIT_MS = 60_000;

export interface CallDeps {
  /** Spends one request of the daily budget; false when none is left. */
  reserve: () => Promise<boolean>;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  fetch?: typeof fetch;
}

export function chatUrl(base: string): string {
  return `${base.replace(/\/+$/, '').replace(/\/v1$/, '')}/v1/chat/completions`;
}

/** Posts `body`; returns the parsed JSON answer (or the raw text when it is not JSON). */
export async function callChat(endpoint: Endpoint, body: unknown, deps: CallDeps): Promise<unknown> {
  const doFetch = deps.fetch ?? fetch;
  let problem = '';
  /** The wait the endpoint asked for with its last answer (Retry-After), if any. */
  let asked: number | null = null;
  for (let attempt = 0; attempt <= MAX_RETRIES; attempt++) {
    if (attempt > 0) {
      const wait = asked ?? BASE_DELAY_MS * 2 ** (attempt - 1);
      if (wait > MAX_WAIT_MS)
        throw new StopRun('unavailable', `the summariser asked to wait ${Math.ceil(wait / 1000)} s`);
      await deps.sleep(wait);
    }
    if (!(await deps.reserve())) throw new StopRun('budget', "the summariser's daily budget is spent");
    let status: number;
    let text: string;
    let retryAfter: string | null = null;
    try {
      // The time limit covers the whole answer, body included.
      const signal = AbortSignal.timeout(endpoint.timeoutMs);
      const res = await doFetch(chatUrl(endpoint.url), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(endpoint.apiKey ? { authorization: `Bearer ${endpoint.apiKey}` } : {}),
        },
        body: JSON.stringify(body),
        signal,
      });
      status = res.status;
      retryAfter = res.headers.get('retry-after');
      text = await res.text();
    } catch (err) {
      const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
      asked = null;
      problem = timedOut
        ? `no answer within ${endpoint.timeoutMs} ms`
        : `could not reach the summariser (${err instanceof Error ? err.message : String(err)})`;
      continue;
    }
    if (status === 429 || status >= 500) {
      asked = retryAfterMs(retryAfter ?? undefined, deps.now());
      problem = `the summariser answered HTTP ${status}`;
      continue;
    }
    if (status < 200 || status >= 300)
      // 400 (bad model name, JSON mode unsupported), 401, 404: retrying will not help.
      throw new StopRun('refused', `the summariser answered HTTP ${status}: ${text.slice(0, 300)}`);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  throw new StopRun('unavailable', `${problem} (after ${MAX_RETRIES + 1} attempts)`);
}
