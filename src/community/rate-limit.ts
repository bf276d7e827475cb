/**
 * One rate limiter per action, applied inside the use cases (`vote`, `postComment`,
 * `submitPaper`, `sendLoginLink`), so a limit is the same whatever the entry point: form,
 * API or command line.
 *
 * Counters live in the database (rate_limit_counters), one row per action and key holding
 * a fixed window that starts with its first hit: every process and node of an instance
 * counts against one budget. A burst at a window's edge may let through up to 2×max over
 * two windows, which is fine for abuse control. Ended windows are swept by the
 * housekeeping job (jobs/schedule.ts).
 */
import type { Config } from '../config.ts';
import type { Db } from '../db/connect.ts';
import type { Clock } from '../shared/clock.ts';
import { RateLimitedError } from '../shared/errors.ts';
import { countHit } from './rate-limits.repo.ts';

interface Limit {
  max: number;
  windowMs: number;
}

/** Every limited action: its setting, and how a refusal names what was limited. */
const ACTIONS = {
  vote: { setting: 'RATE_LIMIT_VOTE', what: 'votes' },
  comment: { setting: 'RATE_LIMIT_COMMENT', what: 'comments' },
  submit: { setting: 'RATE_LIMIT_SUBMIT', what: 'submissions' },
  'signin-email': { setting: 'RATE_LIMIT_SIGNIN_EMAIL', what: 'sign-in links for this address' },
  'signin-ip': { setting: 'RATE_LIMIT_SIGNIN_IP', what: 'sign-in requests from your network' },
  'subscribe-ip': { setting: 'RATE_LIMIT_SUBSCRIBE_IP', what: 'subscription requests from your network' },
} as const;

type LimitedAction = keyof typeof ACTIONS;

export type RateLimitConfig = Pick<Config, (typeof ACTIONS)[LimitedAction]['setting']>;

interface RateLimitDeps {
  db: Db;
  clock: Clock;
  config: RateLimitConfig;
}

/**
 * Counts one `action` by `key` (a user id, an address, an IP); throws RateLimitedError
 * (429 + Retry-After) when its window is already full. An `off` setting counts nothing.
 */
export async function spend(deps: RateLimitDeps, action: LimitedAction, key: string | number): Promise<void> {
  const { setting, what } = ACTIONS[action];
  const limit: Limit | null = deps.config[setting];
  if (!limit) return;
  const now = deps.clock.now();
  const { hits, expiresAt } = await countHit(deps.db, {
    bucket: action,
    key: String(key),
    now,
    windowMs: limit.windowMs,
  });
  if (hits > limit.max) {
    const retryAfterSeconds = Math.max(1, Math.ceil((Date.parse(expiresAt) - now.getTime()) / 1000));
    throw new RateLimitedError(
      `Too many ${what}: at most ${limit.max} per ${describeWindow(limit.windowMs)}. Try again in ${describeWindow(retryAfterSeconds * 1000)}.`,
      retryAfterSeconds,
    );
  }
}

function describeWindow(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s % 86_400 === 0) return s === 86_400 ? 'day' : `${s / 86_400} days`;
  if (s % 3600 === 0) return s === 3600 ? 'hour' : `${s / 3600} hours`;
  if (s % 60 === 0) return s === 60 ? 'minute' : `${s / 60} minutes`;
  return s === 1 ? 'second' : `${s} seconds`;
}

/**
 * A store for @fastify/rate-limit (the API, feeds and exports budget) that counts in the
 * same database table as `spend`, so every web node shares one budget per IP and token.
 * One upsert per counted request; on SQLite (one web process) the limiter keeps its
 * counts in memory instead.
 */
export function sharedRateLimitStore(deps: { db: Db; clock: Clock }, bucket: string) {
  return class SharedStore {
    incr(
      key: string,
      cb: (err: Error | null, res?: { current: number; ttl: number }) => void,
      timeWindow: number,
    ) {
      const now = deps.clock.now();
      countHit(deps.db, { bucket, key, now, windowMs: timeWindow }).then(
        ({ hits, expiresAt }) => cb(null, { current: hits, ttl: Date.parse(expiresAt) - now.getTime() }),
        (err: Error) => cb(err),
      );
    }
    child() {
      return this;
    }
  };
}
