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
import type { ColumnWeights } from './bm25.ts';
import { loadPriorFacts } from './cards.repo.ts';
import { hasRestrictions, keepMatchingFilters } from './filters.repo.ts';
import { type FusionSettings, fuse, type RankedList } from './fuse.ts';
import { type LexicalOptions, lexicalSearch } from './lexical.repo.ts';
import { distinctiveTerms, textWords } from './more-like-text.ts';
import type { Pass } from './passes.ts';
import {
  cleanQueryInput,
  hasText,
  isEmptyQuery,
  isLongText,
  type ParsedQuery,
  parseQuery,
} from './query-parser.ts';
import { correctWords } from './spelling.repo.ts';
import { correctedText } from './spelling.ts';
import { documentFrequencies } from './terms.repo.ts';
import { exactTitleMatch } from './titles.repo.ts';
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
  /** Search the words as typed: no typo correction ("search instead for …"). */
  literal?: boolean;
}

export interface SearchHit {
  card: PaperCard;
  /** Relevance score (fused); 0 for filter-only listings. Higher is better. */
  score: number;
  /** True when the query is this paper's exact title. */
  pinned: boolean;
}

export interface SearchResponse {
  /** The query as searched: typo corrections applied; a pasted text's distinctive words. */
  query: ParsedQuery;
  /** Set when the query is an arXiv id or URL of a paper this instance has. */
  redirect?: { arxivId: string };
  hits: SearchHit[];
  /** More results exist after these. */
  more: boolean;
  /** Words replaced by typo correction: [typed, used]. */
  corrections: [string, string][];
  /** The query text with the corrections applied ("Showing results for …"), when there are any. */
  correctedQuery?: string;
  /** Set when the query was pasted text searched as "more like this": the words it was searched by. */
  likeText?: string[];
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
  const parsed = parseQuery(input);
  const base: SearchResponse = { query: parsed, hits: [], more: false, corrections: [], semantic: 'off' };

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
  if (isEmptyQuery(parsed) && parsed.excludes.length === 0) return base;

  const want = offset + limit + 1;
  const mode = opts.mode ?? 'hybrid';
  const depth = Math.max(want, parsed.sort === 'relevance' ? FUSION_DEPTH : want);
  const lexOpts: LexicalOptions = {
    limit: depth,
    candidates: deps.settings.candidates,
    weights: deps.settings.columnWeights,
    prefix: opts.prefix,
  };
  // Pasted text: searched by its most distinctive words, and by meaning as a whole.
  let likeText: string[] | undefined;
  let query = parsed;
  if (isLongText(parsed) && !opts.prefix) {
    const { df, papers } = await documentFrequencies(deps.db, textWords(parsed.terms));
    likeText = distinctiveTerms(parsed.terms, df, papers);
    query = { ...parsed, terms: likeText, phrases: [] };
  }

  const useSemantic = mode !== 'lexical' && !!deps.semantic && hasText(parsed) && !opts.prefix;
  const [keyword, semantic] = await Promise.all([
    mode === 'semantic' && useSemantic
      ? Promise.resolve({ hits: [], query, corrections: new Map<string, string>() })
      : keywordSearch(deps.db, query, lexOpts, want, {
          literal: opts.literal,
          passes: likeText ? ['any'] : undefined,
        }),
    useSemantic
      ? deps.semantic!.search(parsed.text, depth).then(
          (r) => r,
          () => null,
        )
      : Promise.resolve(null),
  ]);
  query = keyword.query;
  const lexicalHits = keyword.hits;

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

  // The paper whose title is the query comes first.
  let pinnedId: number | null = null;
  if (hasText(query) && !likeText && offset === 0 && query.sort === 'relevance') {
    const text = keyword.corrections.size > 0 ? correctedText(parsed.text, keyword.corrections) : parsed.text;
    pinnedId = await exactTitleMatch(deps.db, text, ids(lexicalHits.slice(0, PIN_DEPTH)));
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
    query,
    hits: cards.map((card) => ({ card, score: scoreOf.get(card.id) ?? 0, pinned: card.id === pinnedId })),
    more: ranked.length > offset + limit,
    corrections: [...keyword.corrections],
    ...(keyword.corrections.size > 0
      ? { correctedQuery: correctedText(input, keyword.corrections).trim() }
      : {}),
    ...(likeText ? { likeText } : {}),
    semantic: semanticState,
  };
}

/** Keyword hits the pin looks among for a title typed with other punctuation. */
const PIN_DEPTH = 30;

/**
 * The keyword list: every word first; when no paper has every word, words no paper has
 * are corrected to real indexed words (unless `literal`) and searched again; while fewer
 * than `want` papers are found, the relaxed passes (passes.ts) add papers with most, then
 * any, of the words, each after the ones before.
 */
async function keywordSearch(
  db: Db,
  parsed: ParsedQuery,
  opts: LexicalOptions,
  want: number,
  how: { literal?: boolean; passes?: Pass[] },
): Promise<{ hits: Candidate[]; query: ParsedQuery; corrections: Map<string, string> }> {
  let query = parsed;
  let corrections = new Map<string, string>();
  const passes = how.passes ?? ['all', 'most', 'any'];
  const strict = async () => (await lexicalSearch(db, query, opts)) ?? [];
  let hits: Candidate[] = passes.includes('all') ? await strict() : [];
  if (hits.length === 0 && passes.includes('all') && !how.literal) {
    // A word still being typed is not a typo.
    corrections = await correctWords(db, opts.prefix ? query.terms.slice(0, -1) : query.terms);
    if (corrections.size > 0) {
      query = { ...query, terms: query.terms.map((t) => corrections.get(t) ?? t) };
      hits = await strict();
    }
  }
  for (const pass of passes) {
    if (pass === 'all' || hits.length >= want || opts.prefix) continue;
    const more = await lexicalSearch(db, query, { ...opts, pass });
    if (!more) continue;
    const seen = new Set(ids(hits));
    hits = [...hits, ...more.filter((c) => !seen.has(c.id))].slice(0, opts.limit);
  }
  return { hits, query, corrections };
}

function ids(c: Candidate[]): number[] {
  return c.map((x) => x.id);
}

function clamp(n: number, lo: number, hi: number): number {
  return Number.isFinite(n) ? Math.min(hi, Math.max(lo, Math.trunc(n))) : lo;
}
