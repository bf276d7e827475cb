import { type Command, Option } from 'commander';
import { addDays, feedDateOf, isoWeekOf, isValidDate } from '../feed/dates.ts';
import type { OpenContext } from './context.ts';

export function registerDigestCommands(program: Command, open: OpenContext) {
  const digest = program.command('digest').description('email digests: send editions, see delivery status');

  digest
    .command('send')
    .description(
      'compose, queue and deliver an edition (what the schedule does), resuming one already queued',
    )
    .addOption(
      new Option('--edition <kind>', 'which edition').choices(['daily', 'weekly']).makeOptionMandatory(),
    )
    .option(
      '--date <YYYY-MM-DD>',
      "daily: the latest feed day on or before it; weekly: its ISO week (default: yesterday's feed day)",
    )
    .option('--dry-run', 'show what would be sent without writing or sending anything')
    .option(
      '--wait <seconds>',
      'keep retrying temporary failures and taking over expired leases this long',
      '60',
    )
    .action(
      async (
        opts: { edition: 'daily' | 'weekly'; date?: string; dryRun?: boolean; wait: string },
        cmd: Command,
      ) => {
        if (opts.date && !isValidDate(opts.date))
          cmd.error(`error: --date must be YYYY-MM-DD, not "${opts.date}"`);
        if (!/^\d+$/.test(opts.wait)) cmd.error('error: --wait takes a number of seconds');
        const ctx = await open();
        const { sendEdition } = await import('../digest/send-edition.ts');
        try {
          const today = feedDateOf(ctx.clock.now(), ctx.config.PAPERBOY_TIMEZONE, ctx.config.FEED_ROLLOVER);
          const date = opts.date ?? addDays(today, -1);
          const { queue, delivery } = await sendEdition(ctx, {
            kind: opts.edition,
            date,
            dryRun: !!opts.dryRun,
            maxWaitMs: Number(opts.wait) * 1000,
          });
          const label =
            queue.spec?.key ?? `${opts.edition} for ${opts.edition === 'weekly' ? isoWeekOf(date) : date}`;
          if (queue.outcome === 'empty') {
            console.log(`${label}: no papers, nothing to send`);
            return;
          }
          console.log(`${label}: ${queue.papers} papers, ${queue.subscribers} active subscribers`);
          if (queue.outcome === 'dry-run') {
            console.log(
              `dry run: would queue ${queue.subscribers} messages; preview at ${ctx.config.BASE_URL}${queue.spec?.previewPath}`,
            );
            return;
          }
          console.log(
            queue.outcome === 'queued'
              ? `queued ${queue.queued} messages`
              : 'already queued earlier: resuming',
          );
          if (delivery)
            console.log(
              `sent ${delivery.sent}, skipped ${delivery.skipped} (nothing matched their filters), bounced ${delivery.bounced}, failed ${delivery.failed}, waiting to retry ${delivery.retrying}`,
            );
        } finally {
          await ctx.mailer.close();
          await ctx.db.close();
        }
      },
    );

  digest
    .command('alerts')
    .description('run every saved-search alert now and mail the new matches (what the alert schedule does)')
    .action(async () => {
      const { queueAlerts } = await import('../digest/alerts.ts');
      const { deliverDue } = await import('../digest/sender.ts');
      const ctx = await open();
      try {
        const run = await queueAlerts(ctx);
        console.log(`${run.checked} alerts checked, ${run.queued} with new papers`);
        if (run.editionIds.length > 0) {
          const d = await deliverDue(ctx, { editionIds: run.editionIds, maxWaitMs: 60_000 });
          console.log(
            `sent ${d.sent}, bounced ${d.bounced}, failed ${d.failed}, waiting to retry ${d.retrying}`,
          );
        }
      } finally {
        await ctx.mailer.close();
        await ctx.db.close();
      }
    });

  digest
    .command('status')
    .description('subscribers, and delivery status of the latest editions')
    .option('--limit <n>', 'editions to show', '10')
    .action(async (opts: { limit: string }) => {
      const { deliveryStats } = await import('../digest/outbox.repo.ts');
      const { countSubscriptions } = await import('../digest/subscriptions.repo.ts');
      const ctx = await open();
      try {
        for (const s of await countSubscriptions(ctx.db))
          console.log(`subscriptions ${s.kind} ${s.status}: ${s.count}`);
        for (const e of await deliveryStats(ctx.db, { limit: Number(opts.limit) })) {
          const c = e.counts;
          console.log(
            `${e.key}: sent ${c.sent}, queued ${c.queued + c.sending}, failed ${c.failed}, bounced ${c.bounced}, skipped ${c.skipped}`,
          );
        }
      } finally {
        await ctx.mailer.close();
        await ctx.db.close();
      }
    });
}
