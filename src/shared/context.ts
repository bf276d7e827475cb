/**
 * The request a piece of work belongs to, carried across `await`s by AsyncLocalStorage:
 * set for each HTTP request (web/middleware/request-id.ts) and for each job a worker runs
 * (jobs/worker.ts), read by the logger (every line names its request) and by `enqueue`
 * (a job remembers the request that queued it, and jobs it queues inherit that).
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const store = new AsyncLocalStorage<{ requestId: string }>();

/** Runs `fn` (and everything it awaits or schedules) as part of request `requestId`. */
export function withRequestId<T>(requestId: string, fn: () => T): T {
  return store.run({ requestId }, fn);
}

/** The request the current work belongs to, if any. */
export function currentRequestId(): string | undefined {
  return store.getStore()?.requestId;
}
