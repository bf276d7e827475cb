/**
 * arXiv identifiers: parsing and normalising. Pure, no I/O.
 *
 * Accepted forms (case-insensitive prefix, surrounding whitespace ignored):
 *   2504.01234   2504.01234v2   0704.0001   arXiv:2504.01234
 *   hep-th/9901001   hep-th/9901001v3   math.GT/0309136 (subject class dropped: math/0309136)
 *   https://arxiv.org/abs/2504.01234v2, /pdf/…(.pdf), /html/…, export.arxiv.org, www.arxiv.org,
 *   https://huggingface.co/papers/2504.01234
 *
 * The canonical id has no version: `2504.01234`, `hep-th/9901001`.
 */

export interface ArxivId {
  /** Canonical id without version. */
  id: string;
  /** Version number when the input named one. */
  version?: number;
}

export class InvalidArxivIdError extends Error {
  readonly code = 'invalid_arxiv_id';
  constructor(readonly input: string) {
    super(
      `"${truncate(input, 80)}" is not an arXiv id (expected e.g. 2504.01234, 2504.01234v2 or hep-th/9901001)`,
    );
    this.name = 'InvalidArxivIdError';
  }
}

/** Archives that issued old-style identifiers (before April 2007). */
const OLD_ARCHIVES = new Set([
  'acc-phys',
  'adap-org',
  'alg-geom',
  'ao-sci',
  'astro-ph',
  'atom-ph',
  'bayes-an',
  'chao-dyn',
  'chem-ph',
  'cmp-lg',
  'comp-gas',
  'cond-mat',
  'cs',
  'dg-ga',
  'funct-an',
  'gr-qc',
  'hep-ex',
  'hep-lat',
  'hep-ph',
  'hep-th',
  'math',
  'math-ph',
  'mtrl-th',
  'nlin',
  'nucl-ex',
  'nucl-th',
  'patt-sol',
  'physics',
  'plasm-ph',
  'q-alg',
  'q-bio',
  'quant-ph',
  'solv-int',
  'supr-con',
]);

const NEW_STYLE = /^(\d{2})(\d{2})\.(\d{4,5})(?:v(\d{1,4}))?$/;
const OLD_STYLE = /^([a-z-]+)(?:\.[a-z-]{1,3})?\/(\d{2})(\d{2})(\d{3})(?:v(\d{1,4}))?$/;
const URL_PATH = /^\/(?:abs|pdf|html|papers|format|ps)\/(.+?)(?:\.pdf)?\/?$/;
const ARXIV_HOSTS = /(^|\.)arxiv\.org$|^huggingface\.co$|^(www\.)?alphaxiv\.org$/;

/** Parses an id or URL; returns null when it is not one. */
export function tryParseArxivId(input: string): ArxivId | null {
  if (typeof input !== 'string' || input.length > 300) return null;
  let s = input.trim();
  if (/^https?:\/\//i.test(s)) {
    let url: URL;
    try {
      url = new URL(s);
    } catch {
      return null;
    }
    if (!ARXIV_HOSTS.test(url.hostname.toLowerCase())) return null;
    const m = URL_PATH.exec(decodeURIComponent(url.pathname));
    if (!m?.[1]) return null;
    s = m[1];
  }
  s = s.replace(/^arxiv:/i, '');

  const n = NEW_STYLE.exec(s);
  if (n) {
    const [, yy, mm, num, v] = n as unknown as [string, string, string, string, string | undefined];
    const month = Number(mm);
    // New-style ids began in April 2007 (0704); five-digit numbers in January 2015 (1501).
    if (month < 1 || month > 12) return null;
    const yymm = Number(yy) * 100 + month;
    if (yymm < 704) return null;
    if (num.length === 5 && yymm < 1501) return null;
    if (num.length === 4 && yymm >= 1501) return null;
    return withVersion(`${yy}${mm}.${num}`, v);
  }
  const o = OLD_STYLE.exec(s.toLowerCase());
  if (o) {
    const [, archive, yy, mm, num, v] = o as unknown as [
      string,
      string,
      string,
      string,
      string,
      string | undefined,
    ];
    const month = Number(mm);
    if (!OLD_ARCHIVES.has(archive) || month < 1 || month > 12) return null;
    const year = Number(yy);
    // Old-style ids ran from 1991 to March 2007.
    if (!(year >= 91 || year <= 7)) return null;
    return withVersion(`${archive}/${yy}${mm}${num}`, v);
  }
  return null;
}

/** Parses an id or URL; throws InvalidArxivIdError when it is not one. */
export function parseArxivId(input: string): ArxivId {
  const parsed = tryParseArxivId(input);
  if (!parsed) throw new InvalidArxivIdError(String(input));
  return parsed;
}

/**
 * Strings with the shape of an arXiv id whatever their digits (`1234.56789`, `0000.00000`,
 * `hep-th/9913999`): a route naming one paper answers "not here" (404) for them, as for any
 * id it has not indexed, and 400 only for strings that cannot be an id at all.
 */
const ID_SHAPED = /^(?:arxiv:)?(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[a-z-]{1,3})?\/\d{7})(?:v\d{1,4})?$/i;

/** True for strings shaped like an arXiv id, valid or not (`1234.56789` is shaped like one). */
export function isArxivIdShaped(input: string): boolean {
  return ID_SHAPED.test(input.trim());
}

/** `2504.01234v2` style string of an id (version when known). */
export function formatArxivId(id: ArxivId): string {
  return id.version ? `${id.id}v${id.version}` : id.id;
}

/** True for pre-2007 ids such as hep-th/9901001. */
export function isOldStyleId(id: string): boolean {
  return id.includes('/');
}

export function arxivAbsUrl(id: string, version?: number): string {
  return `https://arxiv.org/abs/${id}${version ? `v${version}` : ''}`;
}

export function arxivPdfUrl(id: string, version?: number): string {
  return `https://arxiv.org/pdf/${id}${version ? `v${version}` : ''}`;
}

function withVersion(id: string, v: string | undefined): ArxivId | null {
  if (v === undefined) return { id };
  const version = Number(v);
  return version >= 1 ? { id, version } : null; // versions start at v1
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

/** An arXiv category (`cs.CL`, `math.AG`, `hep-th`): the one pattern every input is checked with. */
export const ARXIV_CATEGORY = /^[a-z][a-z-]*(\.[A-Za-z-]+)?$/;
