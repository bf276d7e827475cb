/**
 * The recurring email work of a running server: the daily and weekly editions on their
 * crons (in PAPERBOY_TIMEZONE), and a sender loop that delivers whatever is due (new
 * editions, retries, rows a crashed process left behind). Every process may run this:
 * editions are created once by key and the outbox hands each row to one sender.
 */
import { Cron } from 'croner';
import { queueAlerts } from './alerts.ts';
import type { DigestDeps } from './deps.ts';
import type { EditionKind } from './editions.ts';
import { queueScheduledEdition } from './send-edition.ts';
import { deliverDue } from './sender.ts';

/** How often the sender looks for due rows when nothing woke it. */
const SENDER_POLL_MS = 30_000;

export interface DigestJob {
  name: string;
  cron: string;
  run(): Promise<void>;
}

/** The cron entries of the email capability (a shared job list can adopt them as they are). */
export function digestJobs(deps: DigestDeps, wake: () => void): DigestJob[] {
  const edition = (kind: EditionKind) => async () => {
    const r = await queueScheduledEdition(deps, kind);
    deps.log.info({ kind, outcome: r.outcome, edition: r.spec?.key, queued: r.queued }, 'scheduled edition');
    if (r.queued > 0) wake();
  };
  return [
    { name: 'digest:daily', cron: deps.config.DIGEST_DAILY_CRON, run: edition('daily') },
    { name: 'digest:weekly', cron: deps.config.DIGEST_WEEKLY_CRON, run: edition('weekly') },
    {
      name: 'digest:alerts',
      cron: deps.config.DIGEST_ALERT_CRON,
      run: async () => {
        const r = await queueAlerts(deps);
        if (r.queued > 0) wake();
      },
    },
  ];
}

export function startDigestSchedule(deps: DigestDeps): { stop(): Promise<void> } {
  const abort = new AbortController();
  let wakeUp: (() => void) | null = null;
  const wake = () => wakeUp?.();

  const loop = (async () => {
    while (!abort.signal.aborted) {
      try {
        const r = await deliverDue(deps, { signal: abort.signal });
        if (r.sent + r.failed + r.bounced > 0) deps.log.info(r, 'digest delivery');
      } catch (err) {
        deps.log.error({ err }, 'digest sender failed; retrying shortly');
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, SENDER_POLL_MS);
        wakeUp = () => {
          clearTimeout(t);
          resolve();
        };
        abort.signal.addEventListener('abort', wakeUp, { once: true });
      });
    }
  })();

  const crons = deps.config.DIGEST_SCHEDULE
    ? digestJobs(deps, wake).map(
        (job) =>
          new Cron(
            job.cron,
            { name: job.name, timezone: deps.config.PAPERBOY_TIMEZONE, protect: true },
            async () => {
              try {
                await job.run();
              } catch (err) {
                deps.log.error({ err, job: job.name }, 'scheduled job failed');
              }
            },
          ),
      )
    : [];

  return {
    async stop() {
      for (const c of crons) c.stop();
      abort.abort();
      await loop;
    },
  };
}
