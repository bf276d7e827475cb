/** `paperboy embed` (backfill vectors, resumable) and `paperboy eval` (BEIR retrieval metrics). */
import path from 'node:path';
import type { Command } from 'commander';
import type { Config } from '../config.ts';
import type { SearchMode } from '../search/search.ts';
import type { OpenContext } from './context.ts';
import { progressBar, progressBars } from './progress.ts';
import { registerSimilarEval } from './similar.ts';

interface EvalOptions {
  corpus?: string;
  queries?: string;
  qrels?: string;
  modes: string;
  databaseUrl?: string;
}

export function registerSearchCommands(
  program: Command,
  open: OpenContext,
  loadConfig: () => Promise<Config>,
) {
  program
    .command('embed')
    .description('embed every paper that has no vector yet (resumes where an interrupted run stopped)')
    .option('--batch <n>', 'papers per forward pass', '32')
    .action(async (o: { batch: string }) => {
      const { createEmbedder } = await import('../search/embedder.ts');
      const { embedMissing } = await import('../search/semantic.ts');
      const { vectorSupport } = await import('../search/vectors.repo.ts');
      const ctx = await open();
      try {
        const embedder = createEmbedder(ctx.config);
        if (!embedder)
          throw new Error('EMBEDDER=off: set EMBEDDER=transformers or EMBEDDER=openai to embed papers');
        const support = await vectorSupport(ctx.db);
        if (!support.ok) throw new Error(`vectors cannot be stored: ${support.reason}`);
        const bar = progressBar(`embedding (${embedder.model})`);
        const ctrl = new AbortController();
        // Ctrl-C finishes the current batch (each batch is committed) and stops.
        process.once('SIGINT', () => ctrl.abort());
        const r = await embedMissing(
          { db: ctx.db, embedder, clock: ctx.clock },
          { batchSize: Number(o.batch) || 32, onProgress: bar.update, signal: ctrl.signal },
        );
        bar.stop();
        console.log(`embedded ${r.embedded} papers (${embedder.model}); ${r.total} papers in the instance`);
      } finally {
        await ctx.db.close();
      }
    });

  const evalCommand = program
    .command('eval')
    .description('retrieval quality on BEIR-layout data: nDCG@10, Recall@100, MRR@10 per search mode')
    // Checked in the action, not by commander: it would demand them of `eval similar` too.
    .option('--corpus <file>', 'corpus.jsonl or corpus.jsonl.gz (required)')
    .option('--queries <file>', 'queries.jsonl (required)')
    .option('--qrels <file>', 'qrels/<split>.tsv (required)')
    .option('--modes <list>', 'comma-separated: lexical,semantic,hybrid', 'lexical,semantic,hybrid')
    .option(
      '--database-url <url>',
      'evaluate on this PostgreSQL server, in a scratch database created and dropped there (default: SQLite in memory)',
    )
    .action(async (o: EvalOptions) => {
      const missing = (['corpus', 'queries', 'qrels'] as const).filter((k) => !o[k]);
      if (missing.length)
        throw new Error(
          `eval needs ${missing.map((k) => `--${k}`).join(', ')} (or: paperboy eval similar --data <dir>, paperboy eval recommend --data <dir>)`,
        );
      if (o.databaseUrl && !/^postgres(ql)?:\/\//.test(o.databaseUrl))
        throw new Error(
          '--database-url takes a postgres:// URL (without it the eval runs on SQLite in memory)',
        );
      const { createEmbedder } = await import('../search/embedder.ts');
      const { runEval } = await import('../search/eval.ts');
      const { searchSettings } = await import('../search/settings.ts');
      // Runs on a scratch database (SQLite in memory, or one created and dropped on the
      // server of --database-url): the instance's own database is not opened.
      const config = await loadConfig();
      const modes = o.modes.split(',').map((m) => m.trim()) as SearchMode[];
      const result = await runEval(
        { corpus: path.resolve(o.corpus!), queries: path.resolve(o.queries!), qrels: path.resolve(o.qrels!) },
        {
          settings: searchSettings(config),
          embedder: modes.some((m) => m !== 'lexical') ? createEmbedder(config) : null,
          modes,
          databaseUrl: o.databaseUrl,
          onProgress: progressBars(),
        },
      );
      console.log(JSON.stringify(result, null, 2));
    });
  registerSimilarEval(evalCommand, loadConfig);
}
