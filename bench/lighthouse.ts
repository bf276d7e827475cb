/**
 * `npm run lighthouse`: Lighthouse scores (performance, accessibility, best practices, SEO)
 * of the home, a paper, a search and the trending page, served by the real `paperboy
 * serve` over the bundled demo data (SQLite). Prints JSON: per page the four scores
 * (median of the runs) and the audits that failed, so a regression names its cause.
 *
 * Needs Chromium (CHROME_PATH, default /usr/bin/chromium). Lighthouse's default is a
 * simulated mid-range phone on slow 4G; `-- --preset desktop` scores the desktop profile.
 * Env: LIGHTHOUSE_RUNS (per page, default 3). CPU contention on the machine lowers the
 * performance score (Lighthouse scales the CPU time it observes), so run it on a quiet one.
 */
import { execFile } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startDemoServer } from './server.ts';

const RUNS = Number(process.env.LIGHTHOUSE_RUNS ?? 3);
const CHROME = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const PRESET = process.argv.includes('--preset') ? process.argv[process.argv.indexOf('--preset') + 1] : null;
const BIN = path.resolve(import.meta.dirname, '../node_modules/.bin/lighthouse');
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
const run = promisify(execFile);

interface Report {
  categories: Record<string, { score: number | null }>;
  audits: Record<
    string,
    { score: number | null; scoreDisplayMode: string; title: string; displayValue?: string }
  >;
}

async function lighthouse(url: string): Promise<Report> {
  const args = [
    url,
    '--quiet',
    '--output=json',
    '--output-path=stdout',
    `--only-categories=${CATEGORIES.join(',')}`,
    '--chrome-flags=--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync',
    ...(PRESET ? [`--preset=${PRESET}`] : []),
  ];
  const { stdout } = await run(BIN, args, {
    env: { ...process.env, CHROME_PATH: CHROME },
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout) as Report;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

const server = await startDemoServer();
try {
  const pages = server.pages;
  const results: Record<string, unknown> = {};
  let done = 0;
  for (const [name, urlPath] of Object.entries(pages)) {
    const reports: Report[] = [];
    for (let i = 0; i < RUNS; i++) {
      reports.push(await lighthouse(`${server.origin}${urlPath}`));
      process.stderr.write(`lighthouse: ${name} run ${i + 1}/${RUNS}\n`);
    }
    const scores = Object.fromEntries(
      CATEGORIES.map((c) => [c, Math.round(100 * median(reports.map((r) => r.categories[c]?.score ?? 0)))]),
    );
    const failed = new Set<string>();
    for (const r of reports)
      for (const [id, a] of Object.entries(r.audits))
        if (
          a.score !== null &&
          a.score < 0.9 &&
          ['binary', 'numeric', 'metricSavings'].includes(a.scoreDisplayMode)
        )
          failed.add(`${id}${a.displayValue ? ` (${a.displayValue})` : ''}`);
    results[name] = { path: urlPath, ...scores, failedAudits: [...failed].sort() };
    done++;
  }
  console.log(
    JSON.stringify(
      {
        bench: 'lighthouse',
        preset: PRESET ?? 'mobile (default)',
        runsPerPage: RUNS,
        cpus: os.cpus().length,
        loadAverage: os.loadavg().map((x) => Number(x.toFixed(1))),
        aim: 95,
        pages: results,
      },
      null,
      2,
    ),
  );
  process.stderr.write(`lighthouse: ${done} pages scored\n`);
} finally {
  await server.stop();
}
