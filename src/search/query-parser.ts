/**
 * The search query language, parsed into a plain structure. Pure: no I/O.
 *
 *   diffusion transformer          words (all must match first; then most, then any)
 *   "state space model"            an exact phrase (a boost when no paper has everything)
 *   +"state space model"  +mamba   required in every pass: never relaxed away
 *   -survey  -"large language"     exclude a word or a phrase
 *   author:hinton  author:"Yann LeCun"
 *   cat:cs.CL  cat:cs             a category, or every category of an archive
 *   year:2025  after:2025-03  before:2025-06-30
 *   has:code  featured:yes
 *   sort:relevance | sort:newest | sort:upvotes
 *
 * Anything else is text: FTS operators, SQL, unbalanced quotes and control characters
 * are never syntax here, only characters. Storage code quotes every term it receives,
 * so no input can reach the database as an operator.
 */

export type SortOrder = 'relevance' | 'newest' | 'upvotes';

export interface ParsedQuery {
  /** Plain words, in order, lower-cased, reduced to letters and digits. */
  terms: string[];
  /**
   * Phrases: each a list of words that must appear in sequence in the exact pass; in the
   * relaxed passes a boost whose words count as plain words.
   */
  phrases: string[][];
  /** `+word` and `+"phrase"`: required in every pass, never relaxed. */
  required: string[][];
  /** Excluded words or phrases (each a list of words). */
  excludes: string[][];
  /** Author names (each a list of words, matched in the author list). */
  authors: string[][];
  /** Categories (`cs.CL`) or archives (`cs`: every cs.* category). */
  categories: string[];
  /** Inclusive bounds on the first-version date, `YYYY-MM-DD`. */
  after?: string;
  before?: string;
  hasCode?: boolean;
  featured?: boolean;
  sort: SortOrder;
  /** Operators the parser did not understand, kept as text and reported to the user. */
  ignored: string[];
  /** The free text (terms and phrases) as typed, for title matching and embeddings. */
  text: string;
}

/**
 * English function words. Left out of matching when a query has other words (they match
 * nearly every paper, so they narrow nothing and cost a long index walk); a query of
 * function words only ("the who") still matches them. Phrases keep them.
 */
export const STOPWORDS = new Set(
  `a about above after again against all am an and any are as at be because been before being below between
  both but by can could did do does doing down during each few for from further had has have having he her here
  hers him his how i if in into is it its itself just me more most my no nor not now of off on once only or other
  our ours out over own same she should so some such than that the their theirs them then there these they this
  those through to too under until up very was we were what when where which while who whom why will with would
  you your`.split(/\s+/),
);

/** The query with any-word semantics: its content words, for a relaxed second pass. */
export function contentTerms(q: ParsedQuery): string[] {
  return q.terms.filter((t) => !STOPWORDS.has(t));
}

/**
 * The words the relaxed passes match on: content words of the terms and of the phrases
 * (a phrase nobody wrote exactly still names its words), each once (measured on SciFact:
 * a repeated word weighing twice in bm25 lost 0.005 nDCG@10).
 */
export function relaxedWords(q: ParsedQuery): string[] {
  return [...new Set([...q.terms, ...q.phrases.flat()])].filter((t) => !STOPWORDS.has(t));
}

/**
 * Longest query accepted; longer input is cut. Room for a pasted abstract (arXiv caps
 * abstracts at 1,920 characters); the HF-compatible API caps q at 250 itself.
 */
export const MAX_QUERY_LENGTH = 4000;
/** Words in a phrase or an author name; more say nothing more. */
const MAX_WORDS = 32;
/** More words than this is pasted text: search runs it as "more like this text". */
export const LONG_QUERY_WORDS = 32;
/** Words kept of a pasted text (term selection reads them all, matching uses the best). */
const MAX_TERMS = 600;

const FIELD = /^(-?)([a-z]+):(.*)$/i;
const FIELDS = new Set([
  'author',
  'cat',
  'category',
  'year',
  'after',
  'before',
  'has',
  'featured',
  'sort',
  'is',
]);

/** Splits text into searchable words: runs of letters, digits and marks, lower-cased. */
export function words(text: string, max = MAX_WORDS): string[] {
  return (
    text
      .normalize('NFKC')
      .toLowerCase()
      .match(/[\p{L}\p{N}\p{M}]+/gu) ?? []
  ).slice(0, max);
}

/**
 * Bounds the length and turns control characters into spaces (NUL above all: PostgreSQL
 * rejects it in text), before any other work.
 */
export function cleanQueryInput(input: unknown): string {
  const s = String(input ?? '').slice(0, MAX_QUERY_LENGTH);
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    out += c < 0x20 || (c >= 0x7f && c <= 0x9f) ? ' ' : ch;
  }
  return out;
}

export function parseQuery(input: string): ParsedQuery {
  const q: ParsedQuery = {
    terms: [],
    phrases: [],
    required: [],
    excludes: [],
    authors: [],
    categories: [],
    sort: 'relevance',
    ignored: [],
    text: '',
  };
  const clean = cleanQueryInput(input);
  const text: string[] = [];
  for (const tok of tokenize(clean)) {
    const neg = tok.raw.startsWith('-') && tok.raw.length > 1;
    // `+word` must start with a letter: "+1 nucleosomes" and "+/-" are text.
    const plus = !tok.quoted && /^\+\p{L}/u.test(tok.raw);
    const field = tok.quoted ? null : FIELD.exec(tok.raw);
    if (field && FIELDS.has(field[2]!.toLowerCase()) && (field[3] || tok.value !== undefined)) {
      const value = (tok.value ?? field[3]!).trim();
      if (!applyField(q, field[2]!.toLowerCase(), value, field[1] === '-')) q.ignored.push(tok.raw);
      continue;
    }
    const body = tok.quoted ? tok.value! : neg || plus ? tok.raw.slice(1) : tok.raw;
    const ws = words(body, tok.quoted || neg || plus ? MAX_WORDS : MAX_TERMS);
    if (ws.length === 0) continue;
    if (neg) {
      q.excludes.push(ws);
    } else if (tok.required || plus) {
      // `+"a phrase"`, `+word` (a `+multi-word` hyphenation stays one phrase).
      q.required.push(ws);
      text.push(body);
    } else if (tok.quoted && ws.length > 1) {
      q.phrases.push(ws);
      text.push(body);
    } else {
      q.terms.push(...ws);
      text.push(body);
    }
  }
  q.terms = q.terms.slice(0, MAX_TERMS);
  q.text = text.join(' ').replace(/\s+/g, ' ').trim().slice(0, MAX_QUERY_LENGTH);
  return q;
}

/** True when the query asks for nothing beyond sorting (an empty search). */
export function isEmptyQuery(q: ParsedQuery): boolean {
  return (
    q.terms.length === 0 &&
    q.phrases.length === 0 &&
    q.required.length === 0 &&
    q.authors.length === 0 &&
    q.categories.length === 0 &&
    q.after === undefined &&
    q.before === undefined &&
    q.hasCode === undefined &&
    q.featured === undefined
  );
}

/** True when the query has words or phrases to rank by (not only filters). */
export function hasText(q: ParsedQuery): boolean {
  return q.terms.length > 0 || q.phrases.length > 0 || q.required.length > 0;
}

/** True when the query is pasted text (an abstract, a paragraph): "more like this text". */
export function isLongText(q: ParsedQuery): boolean {
  return q.terms.length > LONG_QUERY_WORDS;
}

/** Every positive word of the query (terms, phrases, authors): what to highlight. */
export function highlightWords(q: ParsedQuery): string[] {
  return [...new Set([...q.terms, ...q.phrases.flat(), ...q.required.flat(), ...q.authors.flat()])];
}

interface Token {
  raw: string;
  /** For quoted tokens and field:"quoted values", the text inside the quotes. */
  value?: string;
  quoted: boolean;
  /** `+"…"`: a phrase required in every pass. */
  required?: boolean;
}

/** Whitespace-separated tokens; `"…"` groups (an unbalanced quote runs to the end). */
function tokenize(s: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < s.length) {
    while (i < s.length && /\s/.test(s[i]!)) i++;
    if (i >= s.length) break;
    const start = i;
    // A bare word, possibly `-`, possibly `field:`, possibly followed by a quoted value.
    while (i < s.length && !/\s/.test(s[i]!) && s[i] !== '"') i++;
    const head = s.slice(start, i);
    if (s[i] === '"') {
      const close = s.indexOf('"', i + 1);
      const end = close === -1 ? s.length : close;
      const value = s.slice(i + 1, end);
      i = close === -1 ? s.length : close + 1;
      if (head === '+') out.push({ raw: `+"${value}"`, value, quoted: true, required: true });
      else if (head === '' || head === '-')
        out.push({ raw: `${head}"${value}"`, value, quoted: head === '' });
      else if (head.endsWith(':')) out.push({ raw: `${head}"${value}"`, value, quoted: false });
      else out.push({ raw: head, quoted: false }, { raw: `"${value}"`, value, quoted: true });
      // `-"phrase"`: an excluded phrase.
      if (head === '-') out[out.length - 1] = { raw: `-${value}`, quoted: false };
    } else {
      out.push({ raw: head, quoted: false });
    }
  }
  return out;
}

function applyField(q: ParsedQuery, field: string, value: string, negated: boolean): boolean {
  if (negated) return false;
  switch (field) {
    case 'author': {
      const ws = words(value);
      if (ws.length === 0) return false;
      q.authors.push(ws);
      return true;
    }
    case 'cat':
    case 'category': {
      const m = /^([a-z-]+)(?:\.([a-z-]{1,8}))?$/i.exec(value);
      if (!m) return false;
      // arXiv spells archives lower-case and subject classes upper-case (cs.CL, math.AG).
      const cat = m[2]
        ? `${m[1]!.toLowerCase()}.${m[2].length <= 2 ? m[2].toUpperCase() : m[2]}`
        : m[1]!.toLowerCase();
      if (!q.categories.includes(cat)) q.categories.push(cat);
      return true;
    }
    case 'year': {
      const m = /^(\d{4})(?:-(\d{4}))?$/.exec(value);
      if (!m) return false;
      q.after = `${m[1]}-01-01`;
      q.before = `${m[2] ?? m[1]}-12-31`;
      return true;
    }
    case 'after':
    case 'before': {
      const d = parseDate(value, field === 'after' ? 'start' : 'end');
      if (!d) return false;
      if (field === 'after') q.after = d;
      else q.before = d;
      return true;
    }
    case 'has':
      if (value.toLowerCase() !== 'code') return false;
      q.hasCode = true;
      return true;
    case 'is':
      if (value.toLowerCase() !== 'featured') return false;
      q.featured = true;
      return true;
    case 'featured': {
      const v = value.toLowerCase();
      if (['yes', 'true', '1'].includes(v)) q.featured = true;
      else if (['no', 'false', '0'].includes(v)) q.featured = false;
      else return false;
      return true;
    }
    case 'sort': {
      const v = value.toLowerCase();
      const map: Record<string, SortOrder> = {
        relevance: 'relevance',
        newest: 'newest',
        new: 'newest',
        date: 'newest',
        upvotes: 'upvotes',
        votes: 'upvotes',
        top: 'upvotes',
      };
      if (!map[v]) return false;
      q.sort = map[v];
      return true;
    }
    default:
      return false;
  }
}

/** `2025`, `2025-03` or `2025-03-14` → an inclusive day bound. */
function parseDate(value: string, side: 'start' | 'end'): string | null {
  const m = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/.exec(value);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = m[2] ? Number(m[2]) : side === 'start' ? 1 : 12;
  if (mo < 1 || mo > 12) return null;
  const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  const d = m[3] ? Number(m[3]) : side === 'start' ? 1 : last;
  if (d < 1 || d > last) return null;
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
