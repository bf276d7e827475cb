import { type Command, Option } from 'commander';
import type { OpenContext } from './context.ts';

type Role = 'web' | 'worker' | 'all';

export function registerServeCommand(program: Command, open: OpenContext) {
  program
    .command('serve', { isDefault: true })
    .description('run Paperboy (migrates the database and loads the demo on first start)')
    .addOption(
      new Option(
        '--role <role>',
        'web: serve HTTP only; worker: run scheduled and queued jobs only (any number may run); all: both',
      )
        .choices(['web', 'worker', 'all'])
        .default('all'),
    )
    .action(async (opts: { role: Role }) => {
      // Opening migrates the database; on PostgreSQL under an advisory lock, so nodes
      // starting together apply each migration once.
      const ctx = await open();
      const { config, log } = ctx;
      // Loaded here, not at the top: `paperboy --help` and other commands never load the server.
      const [{ loadDemoIfEmpty }, { startScheduler }, { startSemanticSearch }, { buildApp }] =
        await Promise.all([
          import('../ingest/demo.ts'),
          import('../jobs/schedule.ts'),
          import('../search/semantic.ts'),
          import('../web/app.ts'),
        ]);
      const web = opts.role !== 'worker';
      if (config.PAPERBOY_DEMO) {
        const demo = await loadDemoIfEmpty(ctx);
        if (demo)
          log.info(
            { papers: demo.papers.new, days: demo.files },
            'loaded the bundled demo dataset (remove with `paperboy demo remove`)',
          );
      }
      const app = web ? await buildApp({ ...ctx, semantic: await startSemanticSearch(ctx) }) : null;
      // Every recurring job (digests, alerts, webhooks, embedding, arXiv ingest) and the queue worker.
      const jobs = opts.role === 'web' ? null : startScheduler(ctx);
      const stop = async (signal: string) => {
        log.info({ signal }, 'shutting down');
        await app?.close();
        await jobs?.stop();
        await ctx.mailer.close();
        await ctx.db.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop('SIGINT'));
      process.once('SIGTERM', () => void stop('SIGTERM'));
      const database = config.DATABASE_URL ? 'postgres' : `sqlite (${config.PAPERBOY_DATA_DIR})`;
      if (!app) {
        log.info({ role: opts.role, database }, 'Paperboy worker is running');
        return;
      }
      await app.listen({ port: config.PORT, host: config.HOST });
      log.info(
        { url: config.BASE_URL, role: opts.role, database },
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
