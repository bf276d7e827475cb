/**
 * The sender: drains the outbox. It claims a small batch of due rows under a lease, sends
 * them a few at a time through the (pooled) mailer and records each outcome as soon as
 * the SMTP server answers. Two senders never hold the same row; a sender that crashes
 * leaves leased rows that become due again when the lease expires.
 *
 * The one unavoidable window: a message the SMTP server accepted just before a crash,
 * whose outcome was not yet written, is sent again after the lease expires (SMTP has no
 * two-phase commit). The window is the time between the server's 250 reply and one
 * UPDATE; the resend carries the same Message-ID, which mail stores use to drop duplicates.
 */

import { randomBytes } from 'node:crypto';
import { alertEditionInfo } from './alerts.ts';
import type { DigestDeps } from './deps.ts';
import { getEditions } from './editions.repo.ts';
import {
  dailySpec,
  type EditionPaper,
  frozenEditionPapers,
  parseFilter,
  selectForSubscriber,
  weeklySpec,
} from './editions.ts';
import { PermanentMailError } from './mailer.ts';
import { BodyCache, buildMessage, composeEdition, digestMessageId, type EditionInfo } from './message.ts';
import {
  claimDue,
  markBounced,
  markDone,
  markRetry,
  markSent,
  type OutboxRow,
  pendingWork,
  renewLease,
} from './outbox.repo.ts';
import { editionHeading } from './personal-editions.ts';
import { getSubscriptions, type SubscriptionRow } from './subscriptions.repo.ts';
import { unsubscribeUrl } from './subscriptions.ts';

export interface DeliveryReport {
  sent: number;
  retrying: number;
  failed: number;
  bounced: number;
  skipped: number;
}

export interface DeliverOptions {
  /** Only these editions (the CLI); all due rows when absent (the server's loop). */
  editionIds?: number[];
  /** Keep waiting up to this long for rows that become due later (retries, expired leases). */
  maxWaitMs?: number;
  signal?: AbortSignal;
  onProgress?: (r: DeliveryReport) => void;
}

const MAX_BACKOFF_MS = 6 * 3_600_000;

export function retryDelayMs(baseSeconds: number, attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, baseSeconds * 1000 * 2 ** Math.max(0, attempts - 1));
}

/** An owner id for leases: unique per sender instance. */
export function senderId(): string {
  return `${process.pid}.${randomBytes(4).toString('hex')}`;
}

interface LoadedEdition {
  info: EditionInfo;
  papers: EditionPaper[];
}

export async function deliverDue(deps: DigestDeps, opts: DeliverOptions = {}): Promise<DeliveryReport> {
  const { config, db, clock, mailer, log } = deps;
  const owner = senderId();
  const report: DeliveryReport = { sent: 0, retrying: 0, failed: 0, bounced: 0, skipped: 0 };
  const editions = new Map<number, LoadedEdition | null>();
  const bodies = new BodyCache();
  const concurrency = config.DIGEST_CONCURRENCY;
  const leaseMs = config.DIGEST_LEASE_SECONDS * 1000;
  const deadline = Date.now() + (opts.maxWaitMs ?? 0);

  async function loadEditions(ids: number[]) {
    const missing = [...new Set(ids)].filter((id) => !editions.has(id));
    for (const e of await getEditions(db, missing)) {
      const papers = await frozenEditionPapers(db, e.paper_ids);
      if (e.kind === 'alert') {
        // An alert edition belongs to one subscription; its links come from the query (see deliver).
        editions.set(e.id, {
          info: { key: e.key, kind: e.kind, subject: e.subject, heading: '', previewPath: '' },
          papers,
        });
        continue;
      }
      const spec = e.kind === 'weekly' ? weeklySpec(e.period) : dailySpec(e.period);
      editions.set(
        e.id,
        spec
          ? {
              info: {
                key: e.key,
                kind: e.kind,
                subject: e.subject,
                heading: editionHeading(e.key, spec.heading),
                previewPath: spec.previewPath,
              },
              papers,
            }
          : null,
      );
    }
  }

  async function deliver(row: OutboxRow, sub: SubscriptionRow | undefined) {
    if (sub?.status !== 'active') {
      await markDone(db, row.id, 'skipped', `subscription is ${sub?.status ?? 'gone'}`);
      report.skipped++;
      return;
    }
    const loaded = editions.get(row.edition_id);
    const papers = loaded ? selectForSubscriber(loaded.papers, parseFilter(sub), config.DIGEST_TOP_N) : [];
    if (!loaded || papers.length === 0) {
      // An empty edition is not sent.
      await markDone(db, row.id, 'skipped', 'nothing matched this subscription');
      report.skipped++;
      return;
    }
    const info = loaded.info.kind === 'alert' ? alertEditionInfo(loaded.info, sub.query) : loaded.info;
    const unsub = unsubscribeUrl(deps, sub.id);
    const content = bodies.get(
      `${row.edition_id}|${sub.categories}|${sub.keywords}`,
      (slot) => composeEdition(config, info, papers, sub, slot),
      unsub,
    );
    const messageId = digestMessageId(config.BASE_URL, info.key, row.id);
    // Fencing: send only while this sender provably still owns the row.
    const sendNow = clock.now();
    if (
      !(await renewLease(
        db,
        row.id,
        owner,
        sendNow.toISOString(),
        new Date(sendNow.getTime() + leaseMs).toISOString(),
      ))
    ) {
      return;
    }
    try {
      await mailer.send(buildMessage(config, row.email, info.kind, content, unsub, messageId));
      await markSent(db, row.id, messageId, clock.now().toISOString());
      report.sent++;
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (e instanceof PermanentMailError) {
        await markBounced(db, row.id, row.email, message, clock.now().toISOString());
        log.warn({ outbox: row.id, error: message }, 'address refused permanently; suppressed');
        report.bounced++;
      } else if (row.attempts >= config.DIGEST_MAX_ATTEMPTS) {
        await markDone(db, row.id, 'failed', message);
        log.warn({ outbox: row.id, error: message, attempts: row.attempts }, 'giving up on message');
        report.failed++;
      } else {
        const next = new Date(
          clock.now().getTime() + retryDelayMs(config.DIGEST_RETRY_SECONDS, row.attempts),
        );
        await markRetry(db, row.id, message, next.toISOString());
        report.retrying++;
      }
    }
  }

  for (;;) {
    if (opts.signal?.aborted) break;
    const now = clock.now();
    const batch = await claimDue(db, {
      owner,
      now: now.toISOString(),
      leaseUntil: new Date(now.getTime() + leaseMs).toISOString(),
      limit: concurrency * 4,
      editionIds: opts.editionIds,
    });
    if (batch.length === 0) {
      const { pending, nextDueAt } = await pendingWork(db, opts.editionIds);
      if (pending === 0 || Date.now() >= deadline) break;
      const wait = nextDueAt ? Date.parse(nextDueAt) - clock.now().getTime() : 1000;
      if (Date.now() + wait > deadline) break;
      await sleep(Math.min(Math.max(wait, 50), 1000), opts.signal);
      continue;
    }
    await loadEditions(batch.map((r) => r.edition_id));
    const subs = new Map(
      (await getSubscriptions(db, [...new Set(batch.map((r) => r.subscription_id))])).map((s) => [s.id, s]),
    );
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(concurrency, batch.length) }, async () => {
        while (next < batch.length) {
          const row = batch[next++]!;
          await deliver(row, subs.get(row.subscription_id));
        }
      }),
    );
    opts.onProgress?.(report);
  }
  return report;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        resolve();
      },
      { once: true },
    );
  });
}
