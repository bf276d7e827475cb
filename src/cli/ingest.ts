import type { Command } from 'commander';
import { createHttpFetch } from '../ingest/http.ts';
import { ingestArxivIds } from '../ingest/ingest.ts';
import { formatCounts, type OpenContext } from './context.ts';
import { progressBar } from './progress.ts';

export function registerIngestCommands(program: Command, open: OpenContext) {
  const ingest = program.command('ingest').description('fetch papers from arXiv (network, or local files)');

  ingest
    .command('arxiv <ids...>')
    .description('look papers up on the arXiv export API by id or URL (2504.01234, hep-th/9901001v2, …)')
    .action(async (ids: string[]) => {
      const ctx = await open();
      const bar = progressBar('arxiv');
      try {
        const r = await ingestArxivIds({ ...ctx, http: createHttpFetch(ctx.config) }, ids, {
          onProgress: (d, t) => bar.update(d, t),
        });
        bar.stop();
        for (const id of r.missing) console.error(`not found: ${id}`);
        console.log(formatCounts('papers', r.counts));
        if (r.found.length === 0 && ids.length > 0) process.exitCode = 1;
      } finally {
        bar.stop();
        await ctx.db.close();
      }
    });
}
