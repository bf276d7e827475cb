/**
 * Semantic retrieval and embedding upkeep: the query side (embed the query under a time
 * limit, then k-NN) and the index side (embed papers that have no vector yet, in id
 * order, in batches, each batch committed: an interrupted run resumes where it stopped).
 */
import type { Db } from '../db/connect.ts';
import type { Clock } from '../shared/clock.ts';
import { createEmbedder, documentText, type Embedder, type EmbedderConfig, withTimeout } from './embedder.ts';
import type { SemanticRetriever } from './search.ts';
import type { Candidate } from './types.ts';
import {
  embeddingCounts,
  nearestPapers,
  papersToEmbed,
  paperVector,
  storeEmbeddings,
  vectorSupport,
  warmVectorIndex,
} from './vectors.repo.ts';

export interface SemanticDeps {
  db: Db;
  embedder: Embedder;
  /** Longest a query embedding may take before search answers with keywords only. */
  timeoutMs: number;
  /** Vector candidates per result (see KnnOptions.oversample); the default when absent. */
  oversample?: number;
}

export function createSemanticRetriever(deps: SemanticDeps): SemanticRetriever {
  return {
    async search(text: string, k: number): Promise<Candidate[]> {
      const [vector] = await withTimeout(
        deps.embedder.embed([text], 'query'),
        deps.timeoutMs,
        'query embedding',
      );
      return nearestPapers(deps.db, vector!, { k, oversample: deps.oversample });
    },
  };
}

/** Papers closest to a paper's own vector (empty when it has none yet). */
export async function similarPapers(
  db: Db,
  paperId: number,
  k: number,
  oversample?: number,
): Promise<Candidate[]> {
  const v = await paperVector(db, paperId);
  if (!v) return [];
  return nearestPapers(db, v, { k, oversample, exclude: [paperId] });
}

export interface EmbedRunOptions {
  batchSize?: number;
  /** Stop after this many papers (background runs do a little at a time). */
  max?: number;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/** Embeds every paper without a vector from the embedder's model; returns how many it embedded. */
export async function embedMissing(
  deps: { db: Db; embedder: Embedder; clock: Clock },
  opts: EmbedRunOptions = {},
): Promise<{ embedded: number; total: number }> {
  const batch = opts.batchSize ?? 32;
  const { embedded: already, papers } = await embeddingCounts(deps.db, deps.embedder.model);
  const total = papers;
  let done = 0;
  let after = 0;
  opts.onProgress?.(already, total);
  while (!opts.signal?.aborted && (opts.max === undefined || done < opts.max)) {
    const size = opts.max === undefined ? batch : Math.min(batch, opts.max - done);
    const rows = await papersToEmbed(deps.db, deps.embedder.model, after, size);
    if (rows.length === 0) break;
    const vectors = await deps.embedder.embed(rows.map(documentText), 'document');
    await storeEmbeddings(
      deps.db,
      rows.map((r, i) => ({ paperId: r.id, vector: vectors[i]! })),
      deps.embedder.model,
      deps.clock.now(),
    );
    done += rows.length;
    after = rows[rows.length - 1]!.id;
    opts.onProgress?.(already + done, total);
  }
  return { embedded: done, total };
}

/**
 * Semantic search for a web server, from the configuration: the retriever search uses.
 * Null when it is off or impossible (no embedder configured, no vector extension); the
 * reason is logged once. New papers are embedded by the `embed` job (jobs/schedule.ts).
 */
export async function startSemanticSearch(deps: {
  db: Db;
  clock: Clock;
  log: { info(o: object, m: string): void; warn(o: object, m: string): void };
  config: EmbedderConfig & { SEARCH_VECTOR_OVERSAMPLE: number };
}): Promise<SemanticRetriever | null> {
  const embedder = createEmbedder(deps.config);
  if (!embedder) return null;
  const support = await vectorSupport(deps.db);
  if (!support.ok) {
    deps.log.warn({ reason: support.reason }, 'semantic search is off');
    return null;
  }
  deps.log.info({ model: embedder.model }, 'semantic search on; the embed job embeds new papers');
  // Load the vector index now rather than on the first query (seconds at a million papers).
  warmVectorIndex(deps.db).then(
    (r) => deps.log.info({ vectors: r.vectors, mb: Math.round(r.bytes / 2 ** 20) }, 'vector index loaded'),
    (err) => deps.log.warn({ err }, 'vector index not loaded; it loads on the first query'),
  );
  return createSemanticRetriever({
    db: deps.db,
    embedder,
    timeoutMs: deps.config.EMBEDDER_TIMEOUT_MS,
    oversample: deps.config.SEARCH_VECTOR_OVERSAMPLE,
  });
}
