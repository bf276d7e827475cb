/**
 * HTTP for ingest: one injectable function type (`HttpFetch`) so every source can be fed
 * recorded responses in tests, and a real implementation over undici that is polite to
 * arXiv: a User-Agent naming this instance, at most one request per `minIntervalMs` per
 * host (shared by the whole process), retries with exponential backoff on network errors
 * and 5xx, and HTTP 503 / 429 `Retry-After` honoured.
 */
import fs from 'node:fs';
import type { Readable } from 'node:stream';
import { Agent, interceptors, request } from 'undici';
import { IngestError } from '../shared/errors.ts';

export interface HttpResponse {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: string;
}

export type HttpFetch = (
  url: string,
  init?: { headers?: Record<string, string>; signal?: AbortSignal },
) => Promise<HttpResponse>;

export interface PoliteOptions {
  /** Minimum pause between two requests to the same host, in ms. */
  minIntervalMs: number;
  /** Retries after the first attempt (network errors, 5xx, 429). */
  maxRetries?: number;
  /** First backoff delay; doubles each retry. */
  baseDelayMs?: number;
  /** Longest Retry-After we accept; a longer one is capped to this. */
  maxRetryAfterMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Where the per-host "last request" times live; the process-wide one by default. */
  pacer?: Pacer;
  /** Told before a Retry-After wait, with its length in whole seconds. */
  onRetryAfter?: (seconds: number, url: string) => void;
}

/**
 * Serialises requests per host and spaces them out. One instance per process (the
 * default) so that concurrent ingests (scheduled job, CLI in the same process, submit
 * flow) together stay under arXiv's limit.
 */
export class Pacer {
  private readonly hosts = new Map<string, { last: number; chain: Promise<void> }>();

  async wait(host: string, intervalMs: number, now: () => number, sleep: (ms: number) => Promise<void>) {
    let gate = this.hosts.get(host);
    if (!gate) {
      gate = { last: Number.NEGATIVE_INFINITY, chain: Promise.resolve() };
      this.hosts.set(host, gate);
    }
    const g = gate;
    const turn = g.chain.then(async () => {
      const wait = g.last + intervalMs - now();
      if (wait > 0) await sleep(wait);
      g.last = now();
    });
    g.chain = turn.catch(() => {});
    await turn;
  }
}

export const processPacer = new Pacer();

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Wraps a transport with pacing, retries and Retry-After handling. */
export function politeFetch(transport: HttpFetch, opts: PoliteOptions): HttpFetch {
  const maxRetries = opts.maxRetries ?? 4;
  const baseDelay = opts.baseDelayMs ?? 2000;
  const maxRetryAfter = opts.maxRetryAfterMs ?? 10 * 60_000;
  const sleep = opts.sleep ?? realSleep;
  const now = opts.now ?? Date.now;
  const pacer = opts.pacer ?? processPacer;

  return async (url, init) => {
    const host = safeHost(url);
    const signal = init?.signal;
    for (let attempt = 0; ; attempt++) {
      signal?.throwIfAborted();
      await pacer.wait(host, opts.minIntervalMs, now, sleep);
      signal?.throwIfAborted();
      let res: HttpResponse;
      try {
        res = await transport(url, init);
      } catch (e) {
        if (signal?.aborted) throw signal.reason;
        if (attempt >= maxRetries) {
          throw new IngestError(`request failed after ${attempt + 1} attempts: ${(e as Error).message}`, url);
        }
        await sleep(baseDelay * 2 ** attempt);
        continue;
      }
      const retryable = res.status >= 500 || res.status === 429;
      if (!retryable || attempt >= maxRetries) return res;
      const after = retryAfterMs(res.headers['retry-after'], now());
      if (after !== null) {
        const wait = Math.min(after, maxRetryAfter);
        opts.onRetryAfter?.(Math.ceil(wait / 1000), url);
        await sleep(wait);
      } else await sleep(baseDelay * 2 ** attempt);
    }
  };
}

/** Retry-After as delay-seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(value: string | undefined, nowMs: number): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : Math.max(0, t - nowMs);
}

/** The raw transport: one GET over undici, body read as UTF-8 text. */
export function undiciTransport(userAgent: string, timeoutMs = 60_000): HttpFetch {
  const dispatcher = new Agent({ headersTimeout: timeoutMs, bodyTimeout: timeoutMs }).compose(
    interceptors.redirect({ maxRedirections: 3 }),
  );
  return async (url, init) => {
    const res = await request(url, {
      method: 'GET',
      headers: { 'user-agent': userAgent, accept: '*/*', ...init?.headers },
      dispatcher,
      signal: init?.signal,
    });
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) {
      if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
    }
    return { status: res.statusCode, headers, body: await res.body.text() };
  };
}

/**
 * The real, polite HttpFetch this instance uses for arXiv; `log` hears of the waits arXiv
 * asks for, so a command that pauses says why.
 */
export function createHttpFetch(
  config: { BASE_URL: string; ARXIV_MIN_INTERVAL_MS: number },
  log?: (line: string) => void,
): HttpFetch {
  const ua = `Paperboy/0.1 (+${config.BASE_URL}; self-hosted Daily Papers)`;
  return politeFetch(undiciTransport(ua), {
    minIntervalMs: config.ARXIV_MIN_INTERVAL_MS,
    onRetryAfter: log && ((seconds) => log(`arXiv asked to wait ${seconds} s`)),
  });
}

/** Raised when a look-up with a deadline (`withDeadline`) ran out of time. */
export class DeadlineError extends Error {
  constructor(readonly ms: number) {
    super(`no answer within ${ms / 1000} s`);
    this.name = 'DeadlineError';
  }
}

/**
 * The same client with a total time budget per call: pacing, retries and backoff waits
 * included. Past `ms` the request is aborted (no socket lingers) and the call rejects with
 * a DeadlineError, so a caller holding an HTTP request never waits longer than that.
 */
export function withDeadline(http: HttpFetch, ms: number): HttpFetch {
  return (url, init) => {
    const signal = AbortSignal.timeout(ms);
    const timedOut = new Promise<never>((_, reject) =>
      signal.addEventListener('abort', () => reject(new DeadlineError(ms)), { once: true }),
    );
    const call = http(url, { ...init, signal });
    call.catch(() => {}); // its own rejection after the deadline is the abort, already reported
    return Promise.race([call, timedOut]);
  };
}

/**
 * Reads a source given as an http(s) URL or a local file path through the same call:
 * local files answer like a 200 response, so parsers never know the difference.
 */
export async function readSource(target: string, http: HttpFetch): Promise<HttpResponse> {
  if (/^https?:\/\//i.test(target)) return http(target);
  const file = target.startsWith('file://') ? new URL(target).pathname : target;
  try {
    return { status: 200, headers: {}, body: await fs.promises.readFile(file, 'utf8') };
  } catch (e) {
    throw new IngestError(`cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, file);
  }
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** A streamed GET for large downloads (bulk snapshots): the body is never held in memory. */
export async function httpStream(
  url: string,
  userAgent: string,
): Promise<{ stream: Readable; size?: number }> {
  const res = await request(url, { method: 'GET', headers: { 'user-agent': userAgent } });
  if (res.statusCode !== 200) {
    res.body.destroy();
    throw new IngestError(`HTTP ${res.statusCode}`, url);
  }
  const len = Number(res.headers['content-length']);
  return { stream: res.body, size: Number.isFinite(len) ? len : undefined };
}
