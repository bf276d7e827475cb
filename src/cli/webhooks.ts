import { type Command, Option } from 'commander';
import { addDays, feedDateOf, isValidDate } from '../feed/dates.ts';
import type { OpenContext } from './context.ts';

/** Webhook URLs are secrets (anyone holding one can post): lists show only their start. */
function redact(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname.slice(0, 16)}…`;
}

export function registerWebhookCommands(program: Command, open: OpenContext) {
  const hooks = program
    .command('webhooks')
    .description('post each daily edition to Slack, Discord or any URL accepting their JSON');

  hooks
    .command('add <url>')
    .description('register a webhook URL (the format is guessed from the host unless given)')
    .addOption(new Option('--format <format>', 'JSON shape to post').choices(['slack', 'discord']))
    .action(async (url: string, opts: { format?: 'slack' | 'discord' }) => {
      const [ctx, wh] = await Promise.all([open(), import('../digest/webhooks.ts')]);
      try {
        const w = await wh.addWebhook(ctx, url, opts.format);
        console.log(`webhook #${w.id} added (${w.format}): ${redact(w.url)}`);
      } finally {
        await ctx.db.close();
      }
    });

  hooks
    .command('list')
    .description('show the webhooks and their latest deliveries')
    .action(async () => {
      const [ctx, wh] = await Promise.all([open(), import('../digest/webhooks.ts')]);
      try {
        const rows = await wh.listWebhooks(ctx);
        if (rows.length === 0) console.log('no webhooks');
        for (const w of rows)
          console.log(`#${w.id}  ${w.format.padEnd(7)}  ${redact(w.url)}  added ${w.created_at}`);
        for (const d of await wh.webhookDeliveries(ctx, 20)) {
          console.log(
            `  #${d.webhook_id} ${d.edition_key}: ${d.status} after ${d.attempts} attempt(s)` +
              (d.last_error ? ` (last error: ${d.last_error})` : ''),
          );
        }
      } finally {
        await ctx.db.close();
      }
    });

  hooks
    .command('remove <id>')
    .description('delete a webhook and its delivery history')
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      if (!/^\d+$/.test(id)) cmd.error('error: <id> is a number (see `paperboy webhooks list`)');
      const [ctx, wh] = await Promise.all([open(), import('../digest/webhooks.ts')]);
      try {
        await wh.removeWebhook(ctx, Number(id));
        console.log(`webhook #${id} removed`);
      } finally {
        await ctx.db.close();
      }
    });

  hooks
    .command('send')
    .description('queue a daily edition for every webhook and post it (what the schedule does)')
    .option('--date <YYYY-MM-DD>', "the latest feed day on or before it (default: yesterday's feed day)")
    .action(async (opts: { date?: string }, cmd: Command) => {
      if (opts.date && !isValidDate(opts.date))
        cmd.error(`error: --date must be YYYY-MM-DD, not "${opts.date}"`);
      const [ctx, wh] = await Promise.all([open(), import('../digest/webhooks.ts')]);
      try {
        const today = feedDateOf(ctx.clock.now(), ctx.config.PAPERBOY_TIMEZONE, ctx.config.FEED_ROLLOVER);
        const q = await wh.queueDailyWebhooks(ctx, opts.date ?? addDays(today, -1));
        console.log(`${q.edition ?? 'no edition'}: ${q.queued} deliveries queued`);
        // Post what is due now through the job queue; failures stay queued for the workers' retries.
        const { jobHandlers } = await import('../jobs/schedule.ts');
        const { runDueJobs } = await import('../jobs/worker.ts');
        const handlers = { [wh.DELIVERY_JOB]: jobHandlers(ctx)[wh.DELIVERY_JOB]! };
        const ran = await runDueJobs({ ...ctx, handlers });
        const done = await wh.webhookDeliveries(ctx);
        const count = (s: string) => done.filter((d) => d.status === s).length;
        console.log(
          `${ran} deliveries attempted; delivered ${count('delivered')}, retrying later ${count('pending')}, failed ${count('failed')} (latest 50)`,
        );
      } finally {
        await ctx.db.close();
      }
    });
}
