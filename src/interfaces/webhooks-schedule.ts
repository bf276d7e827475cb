/**
 * Webhooks in a running server: the daily edition is queued on WEBHOOK_CRON, and due
 * deliveries (new ones and retries) are posted every minute.
 */
import { Cron } from 'croner';
import type { Config } from '../config.ts';
import { addDays, feedDateOf } from '../feed/dates.ts';
import { deliverDueWebhooks, queueDailyWebhooks, type WebhookDeps } from './webhooks.ts';

const DELIVERY_CRON = '* * * * *';

export function startWebhookSchedule(
  deps: WebhookDeps & {
    config: Pick<Config, 'BASE_URL' | 'WEBHOOK_CRON' | 'PAPERBOY_TIMEZONE' | 'FEED_ROLLOVER'>;
  },
): { stop(): void } {
  const { config, log } = deps;
  const guard = (name: string, fn: () => Promise<void>) => async () => {
    try {
      await fn();
    } catch (err) {
      log.error({ err, job: name }, 'scheduled job failed');
    }
  };
  const opts = (name: string) => ({ name, timezone: config.PAPERBOY_TIMEZONE, protect: true });
  const deliver = guard('webhooks:deliver', async () => {
    const r = await deliverDueWebhooks(deps);
    if (r.delivered + r.retrying + r.failed > 0) log.info(r, 'webhook deliveries');
  });
  const crons = [
    new Cron(
      config.WEBHOOK_CRON,
      opts('webhooks:daily'),
      guard('webhooks:daily', async () => {
        // Yesterday's feed day is complete; today's is still filling up.
        const today = feedDateOf(deps.clock.now(), config.PAPERBOY_TIMEZONE, config.FEED_ROLLOVER);
        const r = await queueDailyWebhooks(deps, addDays(today, -1));
        if (r.queued > 0) {
          log.info(r, 'daily edition queued for webhooks');
          await deliver();
        }
      }),
    ),
    new Cron(DELIVERY_CRON, opts('webhooks:deliver'), deliver),
  ];
  return {
    stop() {
      for (const c of crons) c.stop();
    },
  };
}
