import type { Command } from 'commander';
import { formatCounts, type OpenContext } from './context.ts';
import { progressBar } from './progress.ts';

/** `paperboy ingest hf-daily|kaggle`: the bulk sources, read from files (or a URL). */
export function registerBulkSources(ingest: Command, open: OpenContext) {
  ingest
    .command('hf-daily <path>')
    .description(
      'import Hugging Face /api/daily_papers JSON: one file (YYYY-MM-DD.json) or a directory of them',
    )
    .action(async (target: string) => {
      const { importHfDaily } = await import('../ingest/ingest.ts');
      const ctx = await open();
      const bar = progressBar('hf-daily');
      try {
        const r = await importHfDaily(ctx, target, { onProgress: (d, t) => bar.update(d, t) });
        bar.stop();
        for (const p of r.problems.slice(0, 20)) console.error(`rejected: ${p}`);
        console.log(`${r.files} files`);
        console.log(formatCounts('papers', r.papers));
        console.log(formatCounts('daily entries', r.entries));
      } finally {
        bar.stop();
        await ctx.db.close();
      }
    });

  ingest
    .command('kaggle <file>')
    .description(
      'import the Kaggle arxiv-metadata-oai-snapshot JSON lines (plain or .gz, path or URL); resumes after an interruption',
    )
    .option('--batch-size <n>', 'records per transaction', (v) => Number.parseInt(v, 10), 2000)
    .option('--bulk', 'large imports: suspend the keyword index and rebuild it once at the end (SQLite)')
    .action(async (file: string, o: { batchSize: number; bulk?: boolean }) => {
      const { importKaggle } = await import('../ingest/kaggle-import.ts');
      const ctx = await open();
      const bar = progressBar('kaggle');
      try {
        const r = await importKaggle(ctx, file, {
          batchSize: o.batchSize > 0 ? o.batchSize : 2000,
          bulk: o.bulk,
          onProgress: (d, t) => bar.update(d, t),
        });
        bar.stop();
        if (r.resumedFrom > 0)
          console.log(`resumed after line ${r.resumedFrom} (committed by an earlier run)`);
        for (const p of r.problems.slice(0, 20)) console.error(`rejected: ${p}`);
        console.log(`${r.lines} lines`);
        console.log(formatCounts('papers', r.counts));
      } finally {
        bar.stop();
        await ctx.db.close();
      }
    });
}

export function registerDemoCommands(program: Command, open: OpenContext) {
  program
    .command('demo')
    .description('manage the bundled demo dataset')
    .command('remove')
    .description('delete every paper, entry and user that came from the demo dataset')
    .action(async () => {
      const { removeDemoData } = await import('../papers/demo.repo.ts');
      const ctx = await open();
      try {
        const r = await removeDemoData(ctx.db);
        console.log(`removed ${r.papers} demo papers and ${r.users} demo users`);
      } finally {
        await ctx.db.close();
      }
    });
}
