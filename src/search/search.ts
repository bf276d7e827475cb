/**
 * The search use case: parse → (arXiv id? go there) → lexical and semantic retrieval →
 * fusion with mild priors → exact-title pin → cards. Used by the /search page, the JSON
 * API and saved-search alerts; it takes its dependencies as arguments.
 */
import type { Db } from '../db/connect.ts';
import { findPaperId, loadCards } from '../papers/cards.repo.ts';
import type { PaperCard } from '../papers/types.ts';
import type { Clock } from '../shared/clock.ts';
import { tryParseArxivId } from '../shared/ids.ts';
import { loadPriorFacts } from './cards.repo.ts';
import { type FusionSettings, fuse, type RankedList } from './fuse.ts';
import {
  type ColumnWeights,
  correctedSearch,
  exactTitleMatch,
  hasRestrictions,
  keepMatchingFilters,
  lexicalSearch,
} from './lexical.repo.ts';
import {
  cleanQueryInput,
  contentTerms,
  hasText,
  isEmptyQuery,
  type ParsedQuery,
  parseQuery,
} from './query-parser.ts';
import type { Candidate } from './types.ts';

export interface SearchSettings {
  columnWeights: ColumnWeights;
  /** Candidate cap of the lexical ranking stage. */
  candidates: number;
  fusion: FusionSettings;
  lexicalWeight: number;
  semanticWeight: number;
}

/** Nearest papers to a query text; throws or rejects on timeout, and search falls back to lexical. */
export interface SemanticRetriever {
  search(text: string, k: number): Promise<Candidate[]>;
}

export interface SearchDeps {
  db: Db;
  clock: Clock;
  settings: SearchSettings;
  /** Absent when semantic search is off. */
  semantic?: SemanticRetriever | null;
}

export type SearchMode = 'hybrid' | 'lexical' | 'semantic';

export interface SearchOptions {
  limit?: number;
  offset?: number;
  /** Search-as-you-type: the last word is a prefix. */
  prefix?: boolean;
  mode?: SearchMode;
}

export interface SearchHit {
  card: PaperCard;
  /** Relevance score (fused); 0 for filter-only listings. Higher is better. */
  score: number;
  /** True when the query is this paper's exact title. */
  pinned: boolean;
}

export interface SearchResponse {
  query: ParsedQuery;
  /** Set when the query is an arXiv id or URL of a paper this instance has. */
  redirect?: { arxivId: string };
  hits: SearchHit[];
  /** More results exist after these. */
  more: boolean;
  /** Words replaced by typo correction: [typed, used]. */
  corrections: [string, string][];
  /**
   * on: semantic results were fused in; off: not configured; unused: not asked for (typing,
   * filter-only or keyword mode); fallback: it failed or timed out.
   */
  semantic: 'on' | 'off' | 'unused' | 'fallback';
}

/** Most results one call returns (the HF API caps limit at 120). */
export const MAX_LIMIT = 120;
/** How deep each retriever's list goes into fusion. */
const FUSION_DEPTH = 100;

export async function searchPapers(
  deps: SearchDeps,
  input: string,
  opts: SearchOptions = {},
): Promise<SearchResponse> {
  const limit = clamp(opts.limit ?? 20, 1, MAX_LIMIT);
  const offset = clamp(opts.offset ?? 0, 0, 1000);
  input = cleanQueryInput(input);
  const query = parseQuery(input);
  const base: SearchResponse = { query, hits: [], more: false, corrections: [], semantic: 'off' };

  const id = tryParseArxivId(String(input ?? '').trim());
  const idHit = id ? await findPaperId(deps.db, id.id) : null;
  if (id && idHit !== null) {
    const cards = await loadCards(deps.db, [idHit]);
    return {
      ...base,
      redirect: { arxivId: id.id },
      hits: cards.map((card) => ({ card, score: 1, pinned: true })),
    };
  }
  if (isEmptyQuery(query) && query.excludes.length === 0) return base;

  const want = offset + limit + 1;
  const mode = opts.mode ?? 'hybrid';
  const depth = Math.max(want, query.sort === 'relevance' ? FUSION_DEPTH : want);
  const lexOpts = {
    limit: depth,
    candidates: deps.settings.candidates,
    weights: deps.settings.columnWeights,
    prefix: opts.prefix,
  };

  const useSemantic = mode !== 'lexical' && !!deps.semantic && hasText(query) && !opts.prefix;
  const [lexical, semantic] = await Promise.all([
    mode === 'semantic' && useSemantic ? Promise.resolve([]) : lexicalSearch(deps.db, query, lexOpts),
    useSemantic
      ? deps.semantic!.search(query.text, depth).then(
          (r) => r,
          () => null,
        )
      : Promise.resolve(null),
  ]);
  let lexicalHits = lexical;
  let corrections: [string, string][] = [];
  if (lexicalHits.length === 0 && mode !== 'semantic') {
    const fixed = await correctedSearch(deps.db, query, lexOpts);
    if (fixed) {
      lexicalHits = fixed.hits;
      corrections = [...fixed.corrections];
    }
  }
  // No paper has every word, or a long sentence-like query finds too few: add papers with
  // any content word, after the ones with all of them. (Short queries with some exact
  // hits skip this pass: it is the expensive one on a large corpus.)
  const content = contentTerms(query).length;
  const relax = lexicalHits.length === 0 ? content >= 2 : content >= 4 && lexicalHits.length < want;
  if (relax && mode !== 'semantic' && !opts.prefix) {
    const seen = new Set(lexicalHits.map((c) => c.id));
    const relaxed = await lexicalSearch(deps.db, query, { ...lexOpts, any: true });
    lexicalHits = [...lexicalHits, ...relaxed.filter((c) => !seen.has(c.id))].slice(0, depth);
  }

  let semanticHits = semantic;
  if (semanticHits && hasRestrictions(query)) {
    const ok = await keepMatchingFilters(deps.db, query, ids(semanticHits));
    semanticHits = semanticHits.filter((c) => ok.has(c.id));
  }
  const semanticState: SearchResponse['semantic'] = !deps.semantic
    ? 'off'
    : !useSemantic
      ? 'unused'
      : semantic
        ? 'on'
        : 'fallback';
  let ranked: { id: number; score: number }[];
  if (query.sort !== 'relevance' || !hasText(query)) {
    // Explicit orders (and filter-only listings) keep the database's order.
    ranked = lexicalHits.map((c) => ({ id: c.id, score: c.score }));
  } else {
    const lists: RankedList[] = [];
    if (mode !== 'semantic')
      lists.push({ name: 'lexical', weight: deps.settings.lexicalWeight, ids: ids(lexicalHits) });
    if (semanticHits)
      lists.push({ name: 'semantic', weight: deps.settings.semanticWeight, ids: ids(semanticHits) });
    const facts = await loadPriorFacts(deps.db, [...new Set(lists.flatMap((l) => l.ids))]);
    ranked = fuse(lists, deps.settings.fusion, facts, deps.clock.now());
  }

  // The paper whose title is exactly the query comes first.
  let pinnedId: number | null = null;
  if (hasText(query) && offset === 0 && query.sort === 'relevance') {
    pinnedId = await exactTitleMatch(deps.db, String(input));
    if (pinnedId !== null) {
      const top = ranked[0]?.score ?? 1;
      ranked = [{ id: pinnedId, score: top }, ...ranked.filter((r) => r.id !== pinnedId)];
    }
  }

  const page = ranked.slice(offset, offset + limit);
  const cards = await loadCards(
    deps.db,
    page.map((r) => r.id),
  );
  const scoreOf = new Map(page.map((r) => [r.id, r.score]));
  return {
    ...base,
    hits: cards.map((card) => ({ card, score: scoreOf.get(card.id) ?? 0, pinned: card.id === pinnedId })),
    more: ranked.length > offset + limit,
    corrections,
    semantic: semanticState,
  };
}

function ids(c: Candidate[]): number[] {
  return c.map((x) => x.id);
}

function clamp(n: number, lo: number, hi: number): number {
  return Number.isFinite(n) ? Math.min(hi, Math.max(lo, Math.trunc(n))) : lo;
}
