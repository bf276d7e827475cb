/** Search settings from the configuration (one place that knows the env var names). */
import type { Config } from '../config.ts';
import type { Db } from '../db/connect.ts';
import type { Clock } from '../shared/clock.ts';
import type { SearchDeps, SearchSettings, SemanticRetriever } from './search.ts';
import type { SimilarDeps } from './similar.ts';

export function searchSettings(config: Config): SearchSettings {
  return {
    columnWeights: {
      title: config.SEARCH_WEIGHT_TITLE,
      authors: config.SEARCH_WEIGHT_AUTHORS,
      abstract: config.SEARCH_WEIGHT_ABSTRACT,
    },
    candidates: config.SEARCH_CANDIDATES,
    lexicalWeight: config.SEARCH_LEXICAL_WEIGHT,
    semanticWeight: config.SEARCH_SEMANTIC_WEIGHT,
    fusion: {
      k: config.SEARCH_RRF_K,
      recencyWeight: config.SEARCH_RECENCY_WEIGHT,
      recencyHalfLifeDays: config.SEARCH_RECENCY_HALF_LIFE_DAYS,
      popularityWeight: config.SEARCH_POPULARITY_WEIGHT,
    },
  };
}

/** What the search use case needs, from the application's dependencies. */
export function searchDeps(deps: {
  db: Db;
  clock: Clock;
  config: Config;
  semantic?: SemanticRetriever | null;
}): SearchDeps {
  return {
    db: deps.db,
    clock: deps.clock,
    settings: searchSettings(deps.config),
    semantic: deps.semantic ?? null,
  };
}

/** What similar papers need, from the application's dependencies. */
export function similarDeps(deps: { db: Db; config: Config }): SimilarDeps {
  return {
    db: deps.db,
    columnWeights: searchSettings(deps.config).columnWeights,
    vectorOversample: deps.config.SEARCH_VECTOR_OVERSAMPLE,
    indexMaxPapers: deps.config.SIMILAR_INDEX_MAX_PAPERS,
  };
}
