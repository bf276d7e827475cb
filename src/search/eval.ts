/**
 * Retrieval evaluation on BEIR-layout data (`corpus.jsonl[.gz]`, `queries.jsonl`,
 * `qrels/*.tsv`): nDCG@10, Recall@100 and MRR@10 for lexical, semantic and hybrid search,
 * computed over the real search pipeline (parser, indexes, fusion) on a scratch database:
 * SQLite in memory, or a database of its own on a PostgreSQL server (`databaseUrl`).
 * Metrics follow trec_eval / pytrec_eval, as BEIR reports them: graded gains, log2
 * discount, ideal DCG from the judged documents.
 */
import fs from 'node:fs';
import readline from 'node:readline';
import zlib from 'node:zlib';
import { fixedClock } from '../shared/clock.ts';
import type { Embedder } from './embedder.ts';
import { loadEvalCorpus, rawBm25 } from './eval.repo.ts';
import { type SearchMode, type SearchSettings, searchPapers } from './search.ts';
import { createSemanticRetriever, embedMissing } from './semantic.ts';
import type { BeirDoc } from './types.ts';

export type Qrels = Map<string, Map<string, number>>;

export async function* readJsonl(file: string): AsyncGenerator<Record<string, unknown>> {
  const raw = fs.createReadStream(file);
  const input = file.endsWith('.gz') ? raw.pipe(zlib.createGunzip()) : raw;
  for await (const line of readline.createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    if (line.trim()) yield JSON.parse(line) as Record<string, unknown>;
  }
}

export function parseQrels(text: string): Qrels {
  const out: Qrels = new Map();
  for (const line of text.split(/\r?\n/)) {
    const [q, d, s] = line.split('\t');
    if (!q || !d || s === undefined || !/^-?\d+$/.test(s.trim())) continue; // header, blanks
    const m = out.get(q) ?? new Map<string, number>();
    m.set(d, Number(s));
    out.set(q, m);
  }
  return out;
}

export function ndcgAt(ranked: string[], rel: Map<string, number>, k: number): number {
  let dcg = 0;
  ranked.slice(0, k).forEach((d, i) => {
    dcg += (rel.get(d) ?? 0) / Math.log2(i + 2);
  });
  const ideal = [...rel.values()].filter((g) => g > 0).sort((a, b) => b - a);
  let idcg = 0;
  ideal.slice(0, k).forEach((g, i) => {
    idcg += g / Math.log2(i + 2);
  });
  return idcg > 0 ? dcg / idcg : 0;
}

export function recallAt(ranked: string[], rel: Map<string, number>, k: number): number {
  const relevant = [...rel.entries()].filter(([, g]) => g > 0).map(([d]) => d);
  if (relevant.length === 0) return 0;
  const top = new Set(ranked.slice(0, k));
  return relevant.filter((d) => top.has(d)).length / relevant.length;
}

export function mrrAt(ranked: string[], rel: Map<string, number>, k: number): number {
  const i = ranked.slice(0, k).findIndex((d) => (rel.get(d) ?? 0) > 0);
  return i === -1 ? 0 : 1 / (i + 1);
}

export interface EvalFiles {
  corpus: string;
  queries: string;
  qrels: string;
}

export interface Scores {
  'nDCG@10': number;
  'Recall@100': number;
  'MRR@10': number;
  /** Queries with no result at all. */
  empty: number;
}

export interface EvalResult {
  /** The database the pipeline ran on. */
  dialect: 'sqlite' | 'postgres';
  corpus: number;
  queries: number;
  modes: Record<string, Scores | { skipped: string }>;
  /**
   * Plain FTS5 bm25 (default weights, any word) on the same corpus and queries, same run;
   * SQLite only (PostgreSQL has no bm25 to compare with).
   */
  baseline: { 'fts5-bm25'?: Scores };
}

export async function runEval(
  files: EvalFiles,
  opts: {
    settings: SearchSettings;
    embedder?: Embedder | null;
    modes?: SearchMode[];
    /** A PostgreSQL server to evaluate on, in a scratch database created and dropped there. */
    databaseUrl?: string;
    onProgress?: (what: string, done: number, total: number) => void;
  },
): Promise<EvalResult> {
  const qrels = parseQrels(fs.readFileSync(files.qrels, 'utf8'));
  const docs: BeirDoc[] = [];
  for await (const r of readJsonl(files.corpus))
    docs.push({ id: String(r._id), title: String(r.title ?? ''), text: String(r.text ?? '') });
  const queries: { id: string; text: string }[] = [];
  for await (const r of readJsonl(files.queries)) {
    const id = String(r._id);
    if (qrels.has(id)) queries.push({ id, text: String(r.text ?? '') });
  }

  const clock = fixedClock('2000-01-01T00:00:00Z');
  const { db, docIdOf } = await loadEvalCorpus(docs, clock.now(), { databaseUrl: opts.databaseUrl });
  // Priors need dates and votes a benchmark corpus does not have: off.
  const settings: SearchSettings = {
    ...opts.settings,
    fusion: { ...opts.settings.fusion, recencyWeight: 0, popularityWeight: 0 },
  };
  const result: EvalResult = {
    dialect: db.dialect,
    corpus: docs.length,
    queries: queries.length,
    modes: {},
    baseline: {},
  };
  try {
    if (db.dialect === 'sqlite') {
      const baseline = new Scorer(qrels);
      for (const q of queries)
        baseline.add(
          q.id,
          rawBm25(db, q.text, 100).map((id) => docIdOf.get(id) ?? ''),
        );
      result.baseline['fts5-bm25'] = baseline.scores();
    }
    let semanticReady: string | null = opts.embedder ? null : 'no embedder configured (EMBEDDER=off)';
    if (opts.embedder) {
      try {
        await embedMissing(
          { db, embedder: opts.embedder, clock },
          { onProgress: (d, t) => opts.onProgress?.('embedding corpus', d, t) },
        );
      } catch (e) {
        semanticReady = `embedder failed: ${(e as Error).message}`;
      }
    }
    const semantic =
      opts.embedder && !semanticReady
        ? createSemanticRetriever({ db, embedder: opts.embedder, timeoutMs: 60_000 })
        : null;
    for (const mode of opts.modes ?? (['lexical', 'semantic', 'hybrid'] as SearchMode[])) {
      if (mode !== 'lexical' && !semantic) {
        result.modes[mode] = { skipped: semanticReady ?? 'semantic search unavailable' };
        continue;
      }
      const scorer = new Scorer(qrels);
      for (const [i, q] of queries.entries()) {
        const r = await searchPapers({ db, clock, settings, semantic }, q.text, { mode, limit: 100 });
        scorer.add(
          q.id,
          r.hits.map((h) => docIdOf.get(h.card.id) ?? ''),
        );
        opts.onProgress?.(mode, i + 1, queries.length);
      }
      result.modes[mode] = scorer.scores();
    }
  } finally {
    await db.close();
  }
  return result;
}

/** Sums the metrics of ranked lists, query by query. */
class Scorer {
  private n = 0;
  private ndcg = 0;
  private recall = 0;
  private mrr = 0;
  private empty = 0;
  constructor(private readonly qrels: Qrels) {}
  add(queryId: string, ranked: string[]): void {
    const rel = this.qrels.get(queryId)!;
    this.n++;
    this.ndcg += ndcgAt(ranked, rel, 10);
    this.recall += recallAt(ranked, rel, 100);
    this.mrr += mrrAt(ranked, rel, 10);
    if (ranked.length === 0) this.empty++;
  }
  scores(): Scores {
    const n = this.n || 1;
    return {
      'nDCG@10': round(this.ndcg / n),
      'Recall@100': round(this.recall / n),
      'MRR@10': round(this.mrr / n),
      empty: this.empty,
    };
  }
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}
