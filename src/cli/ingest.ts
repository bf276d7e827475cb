import type { Command } from 'commander';
import type { Config } from '../config.ts';
import type { OaiPrefix } from '../ingest/oai-pmh.ts';
import { ValidationError } from '../shared/errors.ts';
import { formatCounts, type OpenContext } from './context.ts';
import { registerBulkSources } from './import.ts';
import { progressBar } from './progress.ts';

/** arXiv over the network, saying on stderr when arXiv asks it to wait. */
async function arxivHttp(config: Config) {
  const { createHttpFetch } = await import('../ingest/http.ts');
  return createHttpFetch(config, (line) => console.error(line));
}

export function registerIngestCommands(program: Command, open: OpenContext) {
  // One verb for bringing data in; `import` is the older name of the same command.
  const ingest = program
    .command('ingest')
    .alias('import')
    .description(
      'bring papers in: arXiv (export API, OAI-PMH, RSS; network or saved files), Hugging Face daily papers, the Kaggle snapshot',
    );
  registerBulkSources(ingest, open);

  ingest
    .command('arxiv [ids...]')
    .description(
      'look papers up on the arXiv export API by id or URL (2504.01234, hep-th/9901001v2, …), or read saved responses',
    )
    .option('--file <path>', 'read a saved export-API response (Atom XML), or a directory of them, instead')
    .action(async (ids: string[], o: { file?: string }) => {
      if (o.file ? ids.length > 0 : ids.length === 0)
        throw new ValidationError('give arXiv ids, or --file with saved responses, not both');
      const ctx = await open();
      const { ingestArxivFiles, ingestArxivIds } = await import('../ingest/ingest.ts');
      const bar = progressBar('arxiv');
      try {
        if (o.file) {
          const r = await ingestArxivFiles(ctx, o.file, { onProgress: (d, t) => bar.update(d, t) });
          bar.stop();
          if (r.skipped.length)
            console.error(
              `skipped ${r.skipped.length} files that do not end in .xml: ${r.skipped.join(', ')}`,
            );
          for (const p of r.problems.slice(0, 20)) console.error(`rejected: ${p}`);
          console.log(`${r.files} files`);
          console.log(formatCounts('papers', r.counts));
          if (r.problems.length) process.exitCode = 1;
          return;
        }
        const r = await ingestArxivIds({ ...ctx, http: await arxivHttp(ctx.config) }, ids, {
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

  ingest
    .command('oai')
    .description(
      'harvest arXiv OAI-PMH ListRecords (resumes an interrupted harvest), or read saved responses',
    )
    .option('--from <date>', 'first datestamp, YYYY-MM-DD')
    .option('--until <date>', 'last datestamp, YYYY-MM-DD')
    .option('--set <set>', 'OAI set: cs, math, stat, eess, physics:hep-th, …')
    .option('--prefix <prefix>', 'metadata format: arXiv or oai_dc', 'arXiv')
    .option(
      '--file <path>',
      'read a saved ListRecords response, or a directory of them, instead of the network',
    )
    .action(async (o: { from?: string; until?: string; set?: string; prefix: string; file?: string }) => {
      if (o.prefix !== 'arXiv' && o.prefix !== 'oai_dc')
        throw new ValidationError('--prefix must be arXiv or oai_dc');
      for (const d of [o.from, o.until]) {
        if (d !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(d))
          throw new ValidationError(`"${d}" is not a YYYY-MM-DD date`);
      }
      const ctx = await open();
      const { harvestOai } = await import('../ingest/oai-harvest.ts');
      const bar = progressBar('oai');
      try {
        const r = await harvestOai(
          { ...ctx, http: await arxivHttp(ctx.config) },
          { ...o, prefix: o.prefix as OaiPrefix, onProgress: (d, t) => bar.update(d, t) },
        );
        bar.stop();
        if (r.resumed) console.log('resumed an interrupted harvest from its saved resumption token');
        if (r.skipped.length)
          console.error(`skipped ${r.skipped.length} files that do not end in .xml: ${r.skipped.join(', ')}`);
        for (const p of r.problems.slice(0, 20)) console.error(`rejected: ${p}`);
        console.log(`${r.pages} pages`);
        console.log(formatCounts('papers', r.counts));
      } finally {
        bar.stop();
        await ctx.db.close();
      }
    });

  ingest
    .command('rss [target]')
    .description(
      "read arXiv's RSS listing for categories (cs.CL,cs.LG; default ARXIV_CATEGORIES), or a saved feed file or directory",
    )
    .option('--enrich', 'then look every announced paper up on the export API for the full record')
    .action(async (target: string | undefined, o: { enrich?: boolean }) => {
      const ctx = await open();
      const { ingestRss } = await import('../ingest/rss-ingest.ts');
      try {
        const r = await ingestRss(
          { ...ctx, http: await arxivHttp(ctx.config) },
          target ?? ctx.config.ARXIV_CATEGORIES,
          {
            enrich: o.enrich,
          },
        );
        for (const p of r.problems.slice(0, 20)) console.error(`rejected: ${p}`);
        const t = r.byType;
        console.log(
          `announced: ${t.new} new, ${t.cross} cross, ${t.replace} replace, ${t['replace-cross']} replace-cross`,
        );
        console.log(formatCounts('papers', r.counts));
        if (r.enriched) console.log(formatCounts('export API', r.enriched));
      } finally {
        await ctx.db.close();
      }
    });
}
