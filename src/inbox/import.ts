/**
 * Importing into the library: a BibTeX file or a list of arXiv ids (ids, versioned ids,
 * old-style ids, abs / pdf URLs; one or more a line), into a folder. Papers this instance
 * has are saved at once; unknown ids are looked up on the arXiv API as submissions are
 * (one polite request per 100 ids) and saved when arXiv has them. Every line or entry that
 * could not be imported gets its own error, naming the line and why; nothing else is lost.
 */
import type { SessionUser } from '../community/types.ts';
import type { Config } from '../config.ts';
import type { HttpFetch } from '../ingest/http.ts';
import { ingestArxivIds } from '../ingest/ingest.ts';
import { findPaperId } from '../papers/cards.repo.ts';
import { IngestError, ValidationError } from '../shared/errors.ts';
import { tryParseArxivId } from '../shared/ids.ts';
import { createFolder, type InboxDeps } from './inbox.ts';
import { findFolder, upsertItem } from './library.repo.ts';

/** Most papers one import may name: enough for a whole BibTeX library, small enough for one request. */
export const IMPORT_MAX_PAPERS = 500;

export interface ImportItem {
  /** 1-based line of the id, or of the BibTeX entry's `@type{key,`. */
  line: number;
  /** What was read there: the id as written, or the BibTeX key. */
  input: string;
  arxivId?: string;
}

export interface ImportError {
  line: number;
  input: string;
  message: string;
}

/** Ids (or their absence) read from the text, line by line. Pure. */
export function parseImport(text: string): { items: ImportItem[]; errors: ImportError[] } {
  return /@\w+\s*[{(]/.test(text) ? parseBibtex(text) : parseIdList(text);
}

function lineAt(text: string, index: number): number {
  let n = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/** Where a BibTeX entry keeps an arXiv id: eprint, an arXiv URL, the arXiv DOI, or "arXiv:…" in any field. */
const BIB_ID_PATTERNS = [
  /\beprint\s*=\s*[{"]\s*(?:arXiv:)?([^}"\s]+)/i,
  /arxiv\.org\/(?:abs|pdf)\/([^}"\s]+?)(?:\.pdf)?[}"\s]/i,
  /10\.48550\/arXiv\.([^}"\s]+)/i,
  /\barXiv:\s*([a-z-]+(?:\.[A-Z]{2})?\/\d{7}|\d{4}\.\d{4,5})(v\d+)?/i,
];

function parseBibtex(text: string): { items: ImportItem[]; errors: ImportError[] } {
  const items: ImportItem[] = [];
  const errors: ImportError[] = [];
  const starts = [...text.matchAll(/@(\w+)\s*[{(]\s*([^,\s]*)\s*,?/g)];
  starts.forEach((m, i) => {
    const type = (m[1] ?? '').toLowerCase();
    if (type === 'comment' || type === 'string' || type === 'preamble') return;
    const body = text.slice(m.index, starts[i + 1]?.index ?? text.length);
    const line = lineAt(text, m.index);
    const key = m[2] || `@${type}`;
    const raw = BIB_ID_PATTERNS.map((p) => p.exec(body)?.[1]).find(Boolean);
    const id = raw ? tryParseArxivId(raw) : null;
    if (id) items.push({ line, input: key, arxivId: id.id });
    else
      errors.push({
        line,
        input: key,
        message: raw
          ? `entry ${key}: "${raw.slice(0, 60)}" is not an arXiv id`
          : `entry ${key}: no arXiv id (eprint, arXiv URL or DOI) in it`,
      });
  });
  return { items, errors };
}

function parseIdList(text: string): { items: ImportItem[]; errors: ImportError[] } {
  const items: ImportItem[] = [];
  const errors: ImportError[] = [];
  text.split(/\r?\n/).forEach((rawLine, i) => {
    const content = rawLine.replace(/#.*$/, '').trim();
    if (!content) return;
    for (const token of content.split(/[\s,;]+/).filter(Boolean)) {
      const id = tryParseArxivId(token);
      if (id) items.push({ line: i + 1, input: token, arxivId: id.id });
      else
        errors.push({
          line: i + 1,
          input: token,
          message: `"${token.slice(0, 60)}" is not an arXiv id (e.g. 2504.01234, hep-th/9901001 or an arxiv.org link)`,
        });
    }
  });
  return { items, errors };
}

export interface ImportDeps extends InboxDeps {
  config: Config;
  http: HttpFetch;
}

export interface ImportReport {
  folderId: number | null;
  /** Papers saved (known here, or fetched now). */
  saved: string[];
  /** Of those, papers fetched from arXiv. */
  fetched: string[];
  errors: ImportError[];
}

/**
 * Imports `text` into a folder (`folderId`, or a folder named `newFolder`, made if need
 * be; neither: unfiled). Saving a saved paper moves it, as saving does.
 */
export async function importIntoLibrary(
  deps: ImportDeps,
  user: SessionUser,
  target: { folderId?: number | null; newFolder?: string },
  text: string,
): Promise<ImportReport> {
  const { items, errors } = parseImport(text);
  if (items.length === 0 && errors.length === 0)
    throw new ValidationError('Paste a BibTeX file or arXiv ids.');
  const unique = [...new Map(items.map((i) => [i.arxivId!, i])).values()];
  if (unique.length > IMPORT_MAX_PAPERS)
    throw new ValidationError(
      `One import takes at most ${IMPORT_MAX_PAPERS} papers (this one names ${unique.length}); split it.`,
    );
  let folderId = target.folderId ?? null;
  if (target.newFolder?.trim()) folderId = (await createFolder(deps, user, target.newFolder)).id;
  else if (folderId !== null && !(await findFolder(deps.db, user.id, folderId)))
    throw new ValidationError('No such folder in your library.');

  const known = new Map<string, number>();
  const unknown: ImportItem[] = [];
  for (const item of unique) {
    const id = await findPaperId(deps.db, item.arxivId!);
    if (id === null) unknown.push(item);
    else known.set(item.arxivId!, id);
  }
  const fetched: string[] = [];
  if (unknown.length > 0) {
    try {
      const r = await ingestArxivIds(
        deps,
        unknown.map((i) => i.arxivId!),
      );
      const found = new Set(r.found);
      for (const item of unknown) {
        const id = found.has(item.arxivId!) ? await findPaperId(deps.db, item.arxivId!) : null;
        if (id === null)
          errors.push({ line: item.line, input: item.input, message: `arXiv has no paper ${item.arxivId}` });
        else {
          known.set(item.arxivId!, id);
          fetched.push(item.arxivId!);
        }
      }
    } catch (e) {
      if (!(e instanceof IngestError)) throw e;
      for (const item of unknown)
        errors.push({
          line: item.line,
          input: item.input,
          message: `${item.arxivId} is not here yet and arXiv could not be reached; import it again later`,
        });
    }
  }
  const now = deps.clock.now();
  for (const item of unique) {
    const paperId = known.get(item.arxivId!);
    if (paperId !== undefined) await upsertItem(deps.db, { userId: user.id, paperId, folderId, now });
  }
  return {
    folderId,
    saved: unique.filter((i) => known.has(i.arxivId!)).map((i) => i.arxivId!),
    fetched,
    errors: errors.sort((a, b) => a.line - b.line),
  };
}
