/**
 * In-process rate limits (sign-in, submit, vote, comment), on the injected clock so tests
 * can trip a limit and let it recover without waiting.
 *
 * A sliding log per key would cost memory per request; instead each key keeps a fixed
 * window of `windowMs` and a count. A burst at a window's edge may let through up to 2×max
 * in 2 windows, which is fine for abuse control. The limits are per process: several
 * Paperboy processes behind a load balancer each apply them (document: multiply).
 */
import type { Clock } from '../shared/clock.ts';
import { RateLimitedError } from '../shared/errors.ts';

export interface Limit {
  max: number;
  windowMs: number;
}

interface Window {
  start: number;
  count: number;
}

/** Keys kept before stale windows are swept, bounding memory under a flood of distinct keys. */
const SWEEP_AT = 50_000;

export class RateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly clock: Clock) {}

  /**
   * Counts one request for `key` under `limit`; throws RateLimitedError (429 + Retry-After)
   * when the window is full. A null limit means "off".
   */
  hit(bucket: string, key: string, limit: Limit | null, what: string): void {
    if (!limit) return;
    const now = this.clock.now().getTime();
    const k = `${bucket}\u0000${key}`;
    let w = this.windows.get(k);
    if (!w || now - w.start >= limit.windowMs) {
      if (this.windows.size >= SWEEP_AT) this.sweep(now, limit.windowMs);
      w = { start: now, count: 0 };
      this.windows.set(k, w);
    }
    if (w.count >= limit.max) {
      const retryAfterSeconds = Math.max(1, Math.ceil((w.start + limit.windowMs - now) / 1000));
      throw new RateLimitedError(
        `Too many ${what}: at most ${limit.max} per ${describeWindow(limit.windowMs)}. Try again in ${describeWindow(retryAfterSeconds * 1000)}.`,
        retryAfterSeconds,
      );
    }
    w.count++;
  }

  private sweep(now: number, windowMs: number) {
    for (const [k, w] of this.windows) if (now - w.start >= windowMs) this.windows.delete(k);
  }
}

export function describeWindow(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s % 86_400 === 0) return s === 86_400 ? 'day' : `${s / 86_400} days`;
  if (s % 3600 === 0) return s === 3600 ? 'hour' : `${s / 3600} hours`;
  if (s % 60 === 0) return s === 60 ? 'minute' : `${s / 60} minutes`;
  return s === 1 ? 'second' : `${s} seconds`;
}
