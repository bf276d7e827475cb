/** `paperboy summarize`: write AI summaries by hand, as the `summarize` job does, with progress. */
import type { Command } from 'commander';
import type { OpenContext } from './context.ts';

export function registerSummarizeCommand(program: Command, open: OpenContext) {
  program
    .command('summarize')
    .description(
      'write AI summaries and keywords for papers lacking them (SUMMARIZER=openai), within the daily budget',
    )
    .option(
      '--redo',
      'also replace summaries already there (imported, or by another model) and retry given-up papers',
    )
    .option('--limit <n>', 'summarise at most n papers')
    .action(async (o: { redo?: boolean; limit?: string }) => {
      const limit = o.limit === undefined ? undefined : Number(o.limit);
      if (limit !== undefined && !(Number.isInteger(limit) && limit > 0))
        throw new Error(`--limit expects a positive whole number, got "${o.limit}"`);
      const [{ summarisePapers, summarizerSettings }, { progressBar }] = await Promise.all([
        import('../summaries/summarize.ts'),
        import('./progress.ts'),
      ]);
      const ctx = await open();
      try {
        const settings = summarizerSettings(ctx.config);
        if (!settings)
          throw new Error(
            'SUMMARIZER=off: set SUMMARIZER=openai, SUMMARIZER_URL and SUMMARIZER_MODEL to summarise papers',
          );
        const bar = progressBar(`summarising (${settings.endpoint.model})`);
        const ctrl = new AbortController();
        // Ctrl-C lets the requests in flight finish (each result is committed) and stops.
        process.once('SIGINT', () => ctrl.abort());
        const r = await summarisePapers(
          { db: ctx.db, clock: ctx.clock, settings, log: ctx.log },
          { redo: o.redo, max: limit, onProgress: bar.update, signal: ctrl.signal },
        );
        bar.stop();
        console.log(
          `summarised ${r.summarised} papers with ${settings.endpoint.model}; ${r.rejected} replies rejected (retried later)`,
        );
        if (r.stopped?.why === 'budget')
          console.log('stopped: the daily budget is spent; the next day continues');
        else if (r.stopped) throw new Error(`stopped: ${r.stopped.message}`);
      } finally {
        await ctx.db.close();
      }
    });
}
