/** `paperboy eval recommend`: the For You model against baselines on two offline protocols. */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { progressBar } from './progress.ts';

const HF = 'hf-papers-api/daily_papers/hf-daily-papers_2024-05-27_to_2026-08-21_558days.tar.gz';
const ARXIV = 'arxiv-metadata/daily-arxiv-ai-enhanced';

export function registerInboxCommands(program: Command) {
  const evalCommand = program.commands.find((c) => c.name() === 'eval') ?? program.command('eval');
  evalCommand
    .command('recommend')
    .description('For You vs most upvoted, newest and tf-idf cosine: HitRate@10, MRR@10, nDCG@10 (JSON)')
    .option('--data <dir>', 'folder holding hf-papers-api/ and arxiv-metadata/ (or give --hf and --arxiv)')
    .option('--hf <path>', 'HF daily papers: folder of <date>.json or .tar.gz (default: under --data)')
    .option('--arxiv <dir>', 'daily arXiv listings, <date>.jsonl.gz (default: under --data)')
    .option('--protocols <list>', 'hf-submitters,authors', 'hf-submitters,authors')
    .option('--max-authors <n>', 'authors evaluated (a fixed sample)', '1000')
    .action(
      async (
        o: { data?: string; hf?: string; arxiv?: string; protocols: string; maxAuthors: string },
        cmd,
      ) => {
        const { authorCases, evaluate, hfSubmitterCases } = await import('../inbox/recommend/eval.ts');
        const { loadArxivDaily, loadHfDaily } = await import('../inbox/recommend/eval-data.ts');
        const protocols = o.protocols.split(',').map((p) => p.trim());
        const out: Record<string, unknown> = {};
        for (const p of protocols) {
          if (p !== 'hf-submitters' && p !== 'authors') cmd.error(`error: unknown protocol "${p}"`);
          const given = p === 'hf-submitters' ? o.hf : o.arxiv;
          if (!given && !o.data) cmd.error(`error: ${p} needs --data <dir> (or --hf / --arxiv)`);
          const source = path.resolve(given ?? path.join(o.data!, p === 'hf-submitters' ? HF : ARXIV));
          if (!fs.existsSync(source))
            cmd.error(`error: ${source} does not exist (see --data, --hf, --arxiv)`);
          const papers = p === 'hf-submitters' ? loadHfDaily(source) : loadArxivDaily(source);
          const cases =
            p === 'hf-submitters' ? hfSubmitterCases(papers) : authorCases(papers, Number(o.maxAuthors));
          const bar = progressBar(p);
          out[p] = {
            papers: papers.length,
            ...evaluate(papers, cases, undefined, (d, t) => bar.update(d, t)),
          };
          bar.stop();
          process.stderr.write(`${p}: ${cases.length} readers evaluated\n`);
        }
        console.log(JSON.stringify(out, null, 2));
      },
    );
}
