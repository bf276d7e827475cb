import { type Command, Option } from 'commander';
import type { Stoppable } from '../ops/lifecycle.ts';
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
      const [
        { loadDemoIfEmpty },
        { startScheduler },
        { startSemanticSearch },
        { buildApp, buildOpsApp },
        { createLifecycle, shutdown },
      ] = await Promise.all([
        import('../ingest/demo.ts'),
        import('../jobs/schedule.ts'),
        import('../search/semantic.ts'),
        import('../web/app.ts'),
        import('../ops/lifecycle.ts'),
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
      const lifecycle = createLifecycle();
      // A worker serves only /healthz, /readyz and /metrics on its port.
      const app = web
        ? await buildApp({ ...ctx, lifecycle, semantic: await startSemanticSearch(ctx) })
        : await buildOpsApp({ ...ctx, lifecycle });
      // Every recurring job (digests, alerts, webhooks, embedding, arXiv ingest) and the queue worker.
      const jobs = opts.role === 'web' ? null : startScheduler(ctx);
      const stop = async (signal: string) => {
        log.info({ signal }, 'shutting down');
        const parts: Stoppable[] = [{ stop: () => app.close() }];
        if (jobs) parts.push(jobs);
        const finished = await shutdown({
          lifecycle,
          log,
          // Ctrl-C at a terminal has no load balancer to warn.
          delaySeconds: signal === 'SIGTERM' && web ? config.SHUTDOWN_DELAY_SECONDS : 0,
          graceSeconds: config.SHUTDOWN_GRACE_SECONDS,
          parts,
        });
        // Work still running past the grace period may hold database connections: just go.
        if (finished) {
          await ctx.mailer.close();
          await ctx.db.close();
        }
        log.info({ finished }, 'stopped');
        process.exit(0);
      };
      process.once('SIGINT', () => void stop('SIGINT'));
      process.once('SIGTERM', () => void stop('SIGTERM'));
      const database = config.DATABASE_URL ? 'postgres' : `sqlite (${config.PAPERBOY_DATA_DIR})`;
      await app.listen({ port: config.PORT, host: config.HOST });
      if (web) {
        // Similar papers answer from the search index until their own index is built
        // (in a worker thread past 2,000 papers: requests are served meanwhile).
        const { similarIndexBuild, warmSimilarIndex } = await import('../search/similar.ts');
        void warmSimilarIndex(ctx.db, config.SIMILAR_INDEX_MAX_PAPERS).then(() => {
          const built = similarIndexBuild(ctx.db);
          if (built) log.info(built, 'similar-papers index built');
        });
      }
      log.info(
        { url: config.BASE_URL, role: opts.role, node: config.NODE_NAME, database },
        web
          ? `Paperboy is running at ${config.BASE_URL}`
          : `Paperboy worker is running (health and metrics on port ${config.PORT})`,
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
