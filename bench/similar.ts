/**
 * Similar papers by words (no embedder): latency of `findSimilarPapers` (features, index
 * statistics, candidates, re-ranking, cards) over random papers, against baselines in the same run:
 * - the engine's raw more-like-this (FTS5 `MATCH` of the paper's first 12 content words,
 *   `ORDER BY rank LIMIT 10`, no term choice), the floor of any index-backed method;
 * - arxiv-sanity-lite's exemplar SVM over in-memory tf-idf (a few queries: it is slow).
 *
 *   npm run bench:similar                      # the 22,648 real CS papers
 *   npm run bench:similar -- --size 200000     # generated from them (bench/search-corpus.ts)
 *   npm run bench:similar -- --sqlite-file FILE --index-max-papers 300000 --svm-queries 0
 *                                              # a kept database (e.g. bench:search --keep), as
 *                                              # served with that SIMILAR_INDEX_MAX_PAPERS
 *
 * Prints JSON; medians and p95 over `--queries` papers, after the similar-papers index is
 * built (its build time and size are reported); `cold` is the first pass, `warm` a second.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { connect } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { STOPWORDS, words } from '../src/search/query-parser.ts';
import { findSimilarPapers, warmSimilarIndex } from '../src/search/similar.ts';
import { exemplarSvmRank, tfidfVectors } from '../src/search/similar-baselines.ts';
import { loadRealPapers, rng, round, stats, syntheticPapers } from './search-corpus.ts';
import { loadSqlite } from './search-load.ts';

const { values: args } = parseArgs({
  options: {
    size: { type: 'string' },
    queries: { type: 'string', default: '300' },
    'svm-queries': { type: 'string', default: '10' },
    // Measure a kept database (its papers numbered 1..N) instead of loading one.
    'sqlite-file': { type: 'string' },
    // As SIMILAR_INDEX_MAX_PAPERS: past it, no index (the search index's candidates).
    'index-max-papers': { type: 'string' },
  },
});

const kept = args['sqlite-file'];
const real = kept ? [] : await loadRealPapers();
const size = Number(args.size ?? real.length);
const corpus = kept ? [] : size <= real.length ? real.slice(0, size) : [...syntheticPapers(real, size)];
const dir = kept ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'pb-similar-'));
const db = connect({ sqlitePath: kept ?? path.join(dir!, 'paperboy.db') });
await migrateToLatest(db);
const load = kept ? { reused: kept } : await loadSqlite(db, corpus);
const papers = kept
  ? (db.sqlite!.prepare('SELECT count(*) AS n FROM papers').get() as { n: number }).n
  : corpus.length;

const r = rng(18);
const sample = Array.from({ length: Number(args.queries) }, () => 1 + Math.floor(r() * papers));
const textOf = db.sqlite!.prepare('SELECT id, title, abstract FROM papers WHERE id = ?');
const indexMaxPapers = args['index-max-papers'] ? Number(args['index-max-papers']) : undefined;
const deps = { db, columnWeights: { title: 5, authors: 2, abstract: 1 }, indexMaxPapers };
const built = performance.now();
// Without --index-max-papers, no cap: the index is measured at every size.
const index = await warmSimilarIndex(db, indexMaxPapers);
const indexBuild = index
  ? {
      seconds: round((performance.now() - built) / 1000),
      megabytes: round(index.bytes / 1e6),
      postings: index.docs.length,
      features: index.hashes.length,
    }
  : `none: more than ${indexMaxPapers} papers (candidates from the search index)`;

async function pass() {
  const ms: number[] = [];
  for (const id of sample) {
    const paper = textOf.get(id) as { id: number; title: string; abstract: string };
    const t = performance.now();
    await findSimilarPapers(deps, paper, 10);
    ms.push(performance.now() - t);
  }
  return stats(ms);
}
const cold = await pass();
const warm = await pass();

const raw: number[] = [];
for (const id of sample) {
  const paper = textOf.get(id) as { title: string; abstract: string };
  const ws = [...new Set(words(`${paper.title} ${paper.abstract}`).filter((w) => !STOPWORDS.has(w)))].slice(
    0,
    12,
  );
  const t = performance.now();
  await sql`SELECT rowid FROM papers_fts WHERE papers_fts MATCH ${ws.map((w) => `"${w}"`).join(' OR ')}
    ORDER BY rank LIMIT 10`.execute(db.kysely);
  raw.push(performance.now() - t);
}

const svm: number[] = [];
if (corpus.length > 0 && corpus.length <= 50_000) {
  const vecs = tfidfVectors(corpus.map((p) => `${p.title} ${p.abstract}`));
  for (const id of sample.slice(0, Number(args['svm-queries']))) {
    const t = performance.now();
    exemplarSvmRank(vecs, id - 1, 10);
    svm.push(performance.now() - t);
  }
}
await db.close();
if (dir) fs.rmSync(dir, { recursive: true, force: true });

console.log(
  JSON.stringify(
    {
      papers,
      queries: sample.length,
      load,
      index: indexBuild,
      similar_ms: { cold, warm },
      baseline_raw_fts5_ms: stats(raw),
      baseline_exemplar_svm_ms: svm.length
        ? stats(svm)
        : 'skipped above 50,000 papers or for a kept database (in-memory tf-idf)',
      ratio_p95_warm_to_raw: round(warm.p95 / stats(raw).p95),
    },
    null,
    2,
  ),
);
