/**
 * Webhooks, another delivery of editions: admins register URLs (Slack or Discord incoming
 * webhooks, or anything that accepts their JSON); each daily edition is queued once per
 * webhook, together with one job of the job queue per delivery, which posts it. The queue
 * retries failures with its backoff (1, 2, 4 … minutes, at most an hour apart); each
 * failure is logged, and after MAX_ATTEMPTS the delivery is marked failed.
 */
import type { Config } from '../config.ts';
import type { Db } from '../db/connect.ts';
import { enqueue } from '../jobs/queue.ts';
import type { Clock } from '../shared/clock.ts';
import { NotFoundError, ValidationError } from '../shared/errors.ts';
import type { Logger } from '../shared/log.ts';
import { editionPapers, resolveEdition } from './editions.ts';
import { detectFormat, WEBHOOK_PAPERS, type WebhookFormat, webhookPayload } from './webhook-payloads.ts';
import {
  type DeliveryRow,
  deleteWebhook,
  finishDelivery,
  getDelivery,
  insertWebhook,
  listWebhookRows,
  queueDeliveries,
  recentDeliveries,
  type WebhookRow,
} from './webhooks.repo.ts';

interface WebhookDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  config: Config;
  /** The HTTP client; tests and the CLI pass the global fetch. */
  fetch?: typeof fetch;
}

/** Attempts before a delivery is marked failed: with the queue's backoff, about three hours of retrying. */
export const MAX_ATTEMPTS = 8;
/** The job kind that posts one delivery (payload: `{ delivery: id }`; handler in jobs/schedule.ts). */
export const DELIVERY_JOB = 'webhook:deliver';
/** A receiver that has not answered in this long is treated as failed. */
const REQUEST_TIMEOUT_MS = 10_000;

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
  const now = deps.clock.now();
  // The deliveries and their jobs commit together: a crash leaves both or neither.
  const queued = await deps.db.transaction(async (tx) => {
    const ids = await queueDeliveries(
      tx,
      spec.key,
      (w) => JSON.stringify(webhookPayload(w.format as WebhookFormat, edition)),
      now.toISOString(),
    );
    for (const id of ids)
      await enqueue(
        tx,
        {
          kind: DELIVERY_JOB,
          payload: { delivery: id },
          uniqueKey: `webhook-delivery:${id}`,
          maxAttempts: MAX_ATTEMPTS,
        },
        now,
      );
    return ids.length;
  });
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

/**
 * Posts one delivery; `attempt` is the job's attempt number (1-based). A failure is
 * recorded and thrown, so the job queue retries it; on the last attempt the delivery is
 * marked failed. A delivery that is no longer pending (done, or its webhook removed) is
 * skipped.
 */
export async function deliverWebhook(
  deps: WebhookDeps,
  id: number,
  attempt: number,
): Promise<'delivered' | 'skipped'> {
  const d = await getDelivery(deps.db, id);
  if (!d || d.status !== 'pending') return 'skipped';
  const r = await post(deps, d);
  if (r.ok) {
    await finishDelivery(deps.db, d.id, {
      status: 'delivered',
      attempts: attempt,
      httpStatus: r.status,
      error: null,
      deliveredAt: deps.clock.now().toISOString(),
    });
    return 'delivered';
  }
  const giveUp = attempt >= MAX_ATTEMPTS;
  await finishDelivery(deps.db, d.id, {
    status: giveUp ? 'failed' : 'pending',
    attempts: attempt,
    httpStatus: r.status,
    error: r.error,
  });
  const log = { webhook: d.webhook_id, edition: d.edition_key, attempt, status: r.status, error: r.error };
  if (giveUp) deps.log.error(log, 'webhook delivery failed for good');
  else deps.log.warn(log, 'webhook delivery failed; will retry');
  throw new Error(`webhook delivery #${d.id}: ${r.error}`);
}
