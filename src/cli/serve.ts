import type { Command } from 'commander';
import { startDigestSchedule } from '../digest/schedule.ts';
import { loadDemoIfEmpty } from '../ingest/demo.ts';
import { startWebhookSchedule } from '../interfaces/webhooks-schedule.ts';
import { startScheduler } from '../jobs/schedule.ts';
import { startSemanticSearch } from '../search/semantic.ts';
import { buildApp } from '../web/app.ts';
import type { OpenContext } from './context.ts';

export function registerServeCommand(program: Command, open: OpenContext) {
  program
    .command('serve', { isDefault: true })
    .description('run the web server (migrates the database and loads the demo on first start)')
    .action(async () => {
      const ctx = await open();
      const { config, log } = ctx;
      if (config.PAPERBOY_DEMO) {
        const demo = await loadDemoIfEmpty(ctx);
        if (demo)
          log.info(
            { papers: demo.papers.new, days: demo.files },
            'loaded the bundled demo dataset (remove with `paperboy demo remove`)',
          );
      }
      const semantic = await startSemanticSearch(ctx);
      const app = await buildApp({ ...ctx, semantic: semantic.retriever });
      const digest = startDigestSchedule(ctx);
      const webhooks = startWebhookSchedule(ctx);
      // Recurring jobs (daily arXiv ingest when ARXIV_INGEST=1) and the queue worker.
      const jobs = startScheduler(ctx);
      const stop = async (signal: string) => {
        log.info({ signal }, 'shutting down');
        await app.close();
        semantic.stop();
        await digest.stop();
        webhooks.stop();
        await jobs.stop();
        await ctx.mailer.close();
        await ctx.db.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop('SIGINT'));
      process.once('SIGTERM', () => void stop('SIGTERM'));
      await app.listen({ port: config.PORT, host: config.HOST });
      log.info(
        {
          url: config.BASE_URL,
          database: config.DATABASE_URL ? 'postgres' : `sqlite (${config.PAPERBOY_DATA_DIR})`,
        },
        `Paperboy is running at ${config.BASE_URL}`,
      );
    });

  program
    .command('migrate')
    .description('bring the database schema up to date (also done on every start)')
    .action(async () => {
      const ctx = await open();
      console.log(`database schema is up to date (${ctx.db.dialect})`);
      await ctx.db.close();
    });
}
