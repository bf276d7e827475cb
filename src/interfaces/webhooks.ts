/**
 * Webhooks: admins register URLs (Slack or Discord incoming webhooks, or anything that
 * accepts their JSON); each daily edition is queued once per webhook and posted; failures
 * are retried with growing pauses and logged, then given up on after MAX_ATTEMPTS.
 */
import type { Config } from '../config.ts';
import type { Db } from '../db/connect.ts';
import { editionPapers, resolveEdition } from '../digest/editions.ts';
import type { Clock } from '../shared/clock.ts';
import { NotFoundError, ValidationError } from '../shared/errors.ts';
import type { Logger } from '../shared/log.ts';
import { detectFormat, WEBHOOK_PAPERS, type WebhookFormat, webhookPayload } from './webhook-payloads.ts';
import {
  claimDelivery,
  type DeliveryRow,
  deleteWebhook,
  dueDeliveries,
  finishDelivery,
  insertWebhook,
  listWebhookRows,
  queueDeliveries,
  recentDeliveries,
  type WebhookRow,
} from './webhooks.repo.ts';

export interface WebhookDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  config: Config;
  /** The HTTP client; tests and the CLI pass the global fetch. */
  fetch?: typeof fetch;
}

/** Attempts before a delivery is marked failed: with the pauses below, about a day of retrying. */
export const MAX_ATTEMPTS = 6;
/** Pause after the n-th failed attempt (1-based): 1 min, 5 min, 30 min, 2 h, 8 h. */
const RETRY_DELAYS_MS = [60_000, 300_000, 1_800_000, 7_200_000, 28_800_000];
/** A receiver that has not answered in this long is treated as failed. */
export const REQUEST_TIMEOUT_MS = 10_000;

export async function addWebhook(
  deps: WebhookDeps,
  url: string,
  format?: WebhookFormat,
): Promise<WebhookRow> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ValidationError(`"${url.slice(0, 100)}" is not a URL.`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw new ValidationError('A webhook URL must be http(s).');
  return insertWebhook(
    deps.db,
    parsed.toString(),
    format ?? detectFormat(url),
    deps.clock.now().toISOString(),
  );
}

export const listWebhooks = (deps: Pick<WebhookDeps, 'db'>) => listWebhookRows(deps.db);

export async function removeWebhook(deps: Pick<WebhookDeps, 'db'>, id: number): Promise<void> {
  if (!(await deleteWebhook(deps.db, id))) throw new NotFoundError(`No webhook #${id}.`);
}

export const webhookDeliveries = (deps: Pick<WebhookDeps, 'db'>, limit = 50) =>
  recentDeliveries(deps.db, limit);

/**
 * Queues the daily edition of the latest feed day on or before `date` for every active
 * webhook. Idempotent: a webhook that already has this edition queued is skipped.
 */
export async function queueDailyWebhooks(
  deps: WebhookDeps,
  date: string,
): Promise<{ edition: string | null; queued: number }> {
  const spec = await resolveEdition(deps, 'daily', date);
  if (!spec) return { edition: null, queued: 0 };
  const papers = await editionPapers(deps, spec, { limit: WEBHOOK_PAPERS * 5 });
  if (papers.length === 0) return { edition: spec.key, queued: 0 };
  const edition = {
    heading: spec.heading,
    url: `${deps.config.BASE_URL}/papers/date/${spec.period}`,
    baseUrl: deps.config.BASE_URL,
    papers,
  };
  const queued = await queueDeliveries(
    deps.db,
    spec.key,
    (w) => JSON.stringify(webhookPayload(w.format as WebhookFormat, edition)),
    deps.clock.now().toISOString(),
  );
  return { edition: spec.key, queued };
}

async function post(deps: WebhookDeps, d: DeliveryRow & { url: string }) {
  const doFetch = deps.fetch ?? fetch;
  try {
    const res = await doFetch(d.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Paperboy webhooks' },
      body: d.payload,
      redirect: 'error',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    // Drain the body so the connection can be reused; its content does not matter.
    const text = await res.text().catch(() => '');
    return {
      ok: res.ok,
      status: res.status,
      error: res.ok ? null : `HTTP ${res.status}: ${text.slice(0, 200)}`,
    };
  } catch (err) {
    return { ok: false, status: null, error: (err as Error).message.slice(0, 300) };
  }
}

/** Posts every due delivery once; returns what happened. Safe to run in several processes. */
export async function deliverDueWebhooks(
  deps: WebhookDeps,
): Promise<{ delivered: number; retrying: number; failed: number }> {
  const out = { delivered: 0, retrying: 0, failed: 0 };
  const now = deps.clock.now();
  const due = await dueDeliveries(deps.db, now.toISOString(), 100);
  for (const d of due) {
    const leaseUntil = new Date(now.getTime() + REQUEST_TIMEOUT_MS * 3).toISOString();
    if (!(await claimDelivery(deps.db, d, leaseUntil))) continue;
    const attempt = d.attempts + 1;
    const r = await post(deps, d);
    if (r.ok) {
      await finishDelivery(deps.db, d.id, {
        status: 'delivered',
        httpStatus: r.status,
        error: null,
        deliveredAt: deps.clock.now().toISOString(),
      });
      out.delivered++;
      continue;
    }
    const giveUp = attempt >= MAX_ATTEMPTS;
    const delay = RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length) - 1] ?? 0;
    await finishDelivery(deps.db, d.id, {
      status: giveUp ? 'failed' : 'pending',
      httpStatus: r.status,
      error: r.error,
      nextAttemptAt: new Date(deps.clock.now().getTime() + delay).toISOString(),
    });
    const log = { webhook: d.webhook_id, edition: d.edition_key, attempt, status: r.status, error: r.error };
    if (giveUp) {
      deps.log.error(log, 'webhook delivery failed for good');
      out.failed++;
    } else {
      deps.log.warn(log, 'webhook delivery failed; will retry');
      out.retrying++;
    }
  }
  return out;
}
