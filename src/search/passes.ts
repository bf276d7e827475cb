/**
 * What each keyword pass matches, as a plain structure both databases render (FTS5 MATCH
 * text on SQLite, a tsquery on PostgreSQL). Pure: no I/O.
 *
 * Search degrades in three passes, each run only when the ones before found too few:
 *   all   every word, every phrase exactly
 *   most  all but one of the words (queries of 3 or 4 words; a phrase also qualifies)
 *   any   any word; phrases still score as phrases
 * In the relaxed passes a quoted phrase is a boost (its words count as words, and the
 * phrase scores again where it appears whole), never a filter: a sentence quoting a title
 * still finds the paper having that title but none of the other words. `+word` and
 * `+"phrase"`, authors, filters and exclusions hold in every pass.
 */
import { type ParsedQuery, relaxedWords, STOPWORDS } from './query-parser.ts';

export type Pass = 'all' | 'most' | 'any';

/** One matched unit: a word, a phrase (several words in order), a typed prefix or an author name. */
export interface Unit {
  words: string[];
  /** The last word still being typed: matched as a prefix. */
  prefix?: boolean;
  /** Matched in the authors field, in order. */
  author?: boolean;
}

/** Units combined: any one of the groups, a group matching when all its units do. */
export type Clause = Unit[][];

export interface MatchPlan {
  /** Every clause must match. */
  clauses: Clause[];
  /** Words or phrases that must not appear. */
  excludes: string[][];
}

/**
 * The "most" pass covers queries of this many relaxed words: all-but-one subsets stay few,
 * and longer queries rank better by bm25 alone (5 words in this pass: -0.003 nDCG@10 on
 * SciFact).
 */
const MOST_MIN = 3;
const MOST_MAX = 4;

/**
 * The match plan of a pass, or null when the pass would match nothing new (a one-word
 * query has no relaxed pass; "most" needs 3 or 4 words) or the query has no positive part.
 */
export function matchPlan(q: ParsedQuery, pass: Pass, prefix = false): MatchPlan | null {
  const always: Clause[] = [
    ...q.required.map((r) => [[{ words: r }]]),
    ...q.authors.map((a) => [[{ words: a, author: true }]]),
  ];
  const phrases = q.phrases.map((p) => [{ words: p }]);
  let text: Clause[];
  if (pass === 'all') {
    const hasContent = q.terms.some((t) => !STOPWORDS.has(t));
    text = [];
    q.terms.forEach((t, i) => {
      const typing = prefix && i === q.terms.length - 1;
      // A function word narrows nothing but makes the index walk a doclist as long as
      // the corpus ("by": most of a million papers): left out when other words remain.
      if (hasContent && !typing && STOPWORDS.has(t)) return;
      text.push([[{ words: [t], ...(typing ? { prefix: true } : {}) }]]);
    });
    text.push(...phrases.map((p) => [p]));
  } else {
    const ws = relaxedWords(q);
    const distinct = [...new Set(ws)];
    if (distinct.length <= 1 && q.phrases.length === 0) {
      // One optional word beside required parts: relaxing it leaves the required parts.
      return pass === 'any' && always.length > 0 && ws.length === 1
        ? { clauses: always, excludes: q.excludes }
        : null;
    }
    if (pass === 'most') {
      if (distinct.length < MOST_MIN || distinct.length > MOST_MAX) return null;
      const groups = distinct.map((_, skip) =>
        distinct.filter((__, i) => i !== skip).map((w) => ({ words: [w] })),
      );
      text = [[...groups, ...phrases]];
    } else {
      text = [[...ws.map((w) => [{ words: [w] }]), ...phrases]];
    }
  }
  const clauses = [...text, ...always];
  return clauses.length > 0 ? { clauses, excludes: q.excludes } : null;
}

/**
 * How many of a pass's newest matches are ranked, of the configured cap
 * (`SEARCH_CANDIDATES`). Every candidate of the strict pass holds every word and phrase,
 * so its newest 2 / 5 of the cap are plenty to rank; reading and scoring them is most of a
 * common query's time (at 1M papers on PostgreSQL, bench p95 ~140 → ~80 ms). A relaxed
 * pass's candidates hold only some of the words and ranking is what lifts those holding
 * most, so it ranks the whole cap: at 2,000 for every pass, SciFact's nDCG@10 fell from
 * 0.7062 to 0.5691; for the strict pass alone it did not move (docs/SEARCH.md).
 */
export function candidateCap(pass: Pass, cap: number): number {
  return pass === 'all' ? Math.max(1, Math.round(cap * STRICT_SHARE)) : cap;
}

const STRICT_SHARE = 0.4;

/** The distinct units a plan's papers are scored by (exclusions score nothing). */
export function scoredUnits(plan: MatchPlan): Unit[] {
  const seen = new Map<string, Unit>();
  for (const u of plan.clauses.flat(2)) seen.set(JSON.stringify(u), u);
  return [...seen.values()];
}

/**
 * True when a plan's exact form matches the same papers as its broad form: no exclusion,
 * and each phrase or author name either absent or OR-ed beside a group of plain words
 * among its own (the relaxed passes' boosts), which the words alone already satisfy.
 */
export function matchesAsBroad(plan: MatchPlan): boolean {
  const word = (u: Unit) => u.author !== true && u.words.length === 1;
  const plain = (g: Unit[]) => g.every(word);
  const within = (h: Unit[], g: Unit[]) =>
    h.every((u) => !u.prefix && g.some((v) => v.author !== true && v.words.includes(u.words[0]!)));
  return (
    plan.excludes.length === 0 &&
    plan.clauses.every((c) => c.every((g) => plain(g) || c.some((h) => h !== g && plain(h) && within(h, g))))
  );
}
