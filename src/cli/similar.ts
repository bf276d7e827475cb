/** `paperboy eval similar --data <dir>`: similar-papers quality against its baselines. */
import path from 'node:path';
import type { Command } from 'commander';
import type { Config } from '../config.ts';
import { progressBars } from './progress.ts';

export function registerSimilarEval(evalCommand: Command, loadConfig: () => Promise<Config>) {
  evalCommand
    .command('similar')
    .description(
      "similar papers: Recall@10 and MRR@10 at finding an author's other papers from one of them (text only), against tf-idf cosine and an exemplar SVM",
    )
    .requiredOption(
      '--data <dir>',
      'a directory of daily arXiv listings (*.jsonl[.gz]: id, title, summary, authors)',
    )
    .option(
      '--authors <n>',
      'authors to query, a seeded sample when there are more (the SVM baseline is slow)',
      '500',
    )
    .option(
      '--methods <list>',
      'comma-separated: paperboy,tfidf-cosine,exemplar-svm',
      'paperboy,tfidf-cosine,exemplar-svm',
    )
    .option(
      '--index-max-papers <n>',
      "as SIMILAR_INDEX_MAX_PAPERS: past this many papers the search index's candidates answer (0: measure that path)",
    )
    .action(async (o: { data: string; authors: string; methods: string; indexMaxPapers?: string }) => {
      const max = Number(o.authors);
      if (!Number.isInteger(max) || max < 1)
        throw new Error(`--authors must be a whole number ≥ 1, not "${o.authors}"`);
      const indexMax = o.indexMaxPapers === undefined ? undefined : Number(o.indexMaxPapers);
      if (indexMax !== undefined && (!Number.isInteger(indexMax) || indexMax < 0))
        throw new Error(`--index-max-papers must be a whole number ≥ 0, not "${o.indexMaxPapers}"`);
      const { searchSettings } = await import('../search/settings.ts');
      const { runSimilarEval } = await import('../search/similar-eval.ts');
      const result = await runSimilarEval(path.resolve(o.data), {
        // A scratch in-memory database: the instance's own database is not opened.
        columnWeights: searchSettings(await loadConfig()).columnWeights,
        maxQueries: max,
        methods: o.methods.split(',').map((m) => m.trim()),
        indexMaxPapers: indexMax,
        onProgress: progressBars(),
      });
      console.log(JSON.stringify(result, null, 2));
    });
}
