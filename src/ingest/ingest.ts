/**
 * Ingest use cases: read a source (file, directory or network), parse it, upsert
 * idempotently, and report counts. Every source reads local files through the same
 * code path as network responses.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.ts';
import type { Db } from '../db/connect.ts';
import { importBatch, papersFeaturedAfter, upsertPapers } from '../papers/papers.repo.ts';
import { emptyCounts, type UpsertCounts } from '../papers/types.ts';
import type { Clock } from '../shared/clock.ts';
import { IngestError } from '../shared/errors.ts';
import { tryParseArxivId } from '../shared/ids.ts';
import { parseArxivAtom } from './arxiv-api.ts';
import { listSourceFiles } from './files.ts';
import { parseHfDaily } from './hf-daily.ts';
import { type HttpFetch, readSource } from './http.ts';

export interface IngestDeps {
  db: Db;
  clock: Clock;
}

export type IngestProgress = (done: number, total: number, label?: string) => void;

export interface HfImportResult {
  papers: UpsertCounts;
  entries: UpsertCounts;
  files: number;
  /** Problems that did not stop the import: bad items, unreadable files. */
  problems: string[];
}

const DATE_FILE = /(\d{4}-\d{2}-\d{2})\.json$/;

/**
 * Imports HF daily-papers responses from one file or every `*.json` in a directory.
 * Each file is one transaction: a crash leaves whole days imported or not at all, and a
 * re-run completes the rest without doubling anything.
 */
export async function importHfDaily(
  deps: IngestDeps,
  target: string,
  opts: { isDemo?: boolean; onProgress?: IngestProgress } = {},
): Promise<HfImportResult> {
  const { files } = listSourceFiles(target, '.json');
  const result: HfImportResult = { papers: emptyCounts(), entries: emptyCounts(), files: 0, problems: [] };
  for (const [i, file] of files.entries()) {
    const feedDate = DATE_FILE.exec(file)?.[1];
    const parsed = parseHfDaily(fs.readFileSync(file, 'utf8'), file, feedDate);
    for (const r of parsed.rejected) result.problems.push(`${file} item ${r.index}: ${r.reason}`);
    result.papers.rejected += parsed.rejected.length;
    const upsert = { source: 'hf-daily', now: deps.clock.now(), isDemo: opts.isDemo };
    // A paper HF featured again later keeps the values of its latest recording, whatever
    // order the days are imported in (re-importing a directory changes nothing).
    const newer = feedDate
      ? await papersFeaturedAfter(
          deps.db,
          parsed.papers.map((p) => p.arxivId),
          feedDate,
        )
      : new Set();
    const papers = parsed.papers.filter((p) => !newer.has(p.arxivId));
    result.papers.unchanged += parsed.papers.length - papers.length;
    const counts = await importBatch(deps.db, papers, parsed.entries, upsert);
    add(result.papers, counts.papers);
    add(result.entries, counts.entries);
    result.files++;
    opts.onProgress?.(i + 1, files.length, path.basename(file));
  }
  return result;
}

function add(into: UpsertCounts, c: UpsertCounts) {
  into.new += c.new;
  into.updated += c.updated;
  into.unchanged += c.unchanged;
  into.rejected += c.rejected;
}

export interface ArxivIngestDeps extends IngestDeps {
  config: Pick<Config, 'ARXIV_API_URL'>;
  http: HttpFetch;
}

export interface ArxivIdsResult {
  counts: UpsertCounts;
  /** Canonical ids arXiv returned. */
  found: string[];
  /** Requested ids arXiv does not know, and inputs that are not arXiv ids at all. */
  missing: string[];
}

/** The export API answers at most this many ids per request. */
export const ARXIV_API_BATCH = 100;

/**
 * Looks papers up on the arXiv export API by id (any form parseArxivId accepts; versions
 * are dropped so the latest version is stored) and upserts them, ≤ 100 ids per request.
 * Each batch is one transaction. An HTTP 400 error feed becomes an IngestError.
 */
export async function ingestArxivIds(
  deps: ArxivIngestDeps,
  ids: string[],
  opts: { onProgress?: IngestProgress } = {},
): Promise<ArxivIdsResult> {
  const result: ArxivIdsResult = { counts: emptyCounts(), found: [], missing: [] };
  const wanted: string[] = [];
  for (const raw of ids) {
    const id = tryParseArxivId(raw);
    if (!id) {
      result.missing.push(raw);
      result.counts.rejected++;
    } else if (!wanted.includes(id.id)) wanted.push(id.id);
  }
  for (let i = 0; i < wanted.length; i += ARXIV_API_BATCH) {
    const batch = wanted.slice(i, i + ARXIV_API_BATCH);
    const url = `${deps.config.ARXIV_API_URL}?${new URLSearchParams({
      id_list: batch.join(','),
      start: '0',
      max_results: String(batch.length),
    })}`;
    const res = await deps.http(url);
    // The 400 error feed is Atom too: the parser turns it into an IngestError with arXiv's reason.
    if (res.status !== 200 && !(res.status === 400 && res.body.includes('<feed'))) {
      throw new IngestError(`arXiv API answered HTTP ${res.status}`, url);
    }
    const parsed = parseArxivAtom(res.body, url);
    if (res.status !== 200) throw new IngestError(`arXiv API answered HTTP ${res.status}`, url);
    const records = parsed.records.filter((r) => batch.includes(r.arxivId));
    const c = await upsertPapers(deps.db, records, { source: 'arxiv-api', now: deps.clock.now() });
    add(result.counts, c);
    result.counts.rejected += parsed.rejected.length;
    const got = new Set(records.map((r) => r.arxivId));
    for (const id of batch) (got.has(id) ? result.found : result.missing).push(id);
    opts.onProgress?.(Math.min(i + ARXIV_API_BATCH, wanted.length), wanted.length);
  }
  return result;
}

export interface ArxivFilesResult {
  counts: UpsertCounts;
  /** `*.xml` files read. */
  files: number;
  /** Files of the directory that are not `*.xml`, not read. */
  skipped: string[];
  /** Files that could not be used (an error answer, malformed XML), with the reason. */
  problems: string[];
}

/**
 * Reads saved export-API responses (Atom; one file or every `*.xml` in a directory)
 * through the parser and upsert the live look-up uses. Each file is one transaction; a
 * file that cannot be used is reported and the others are still stored.
 */
export async function ingestArxivFiles(
  deps: IngestDeps,
  target: string,
  opts: { onProgress?: IngestProgress } = {},
): Promise<ArxivFilesResult> {
  const { files, skipped } = listSourceFiles(target, '.xml');
  const result: ArxivFilesResult = { counts: emptyCounts(), files: 0, skipped, problems: [] };
  for (const [i, file] of files.entries()) {
    result.files++;
    try {
      const parsed = parseArxivAtom((await readSource(file, unreachable)).body, file);
      add(
        result.counts,
        await upsertPapers(deps.db, parsed.records, { source: 'arxiv-api', now: deps.clock.now() }),
      );
      result.counts.rejected += parsed.rejected.length;
      for (const r of parsed.rejected.slice(0, 20))
        result.problems.push(`${file} entry ${r.index}: ${r.reason}`);
    } catch (e) {
      if (!(e instanceof IngestError)) throw e;
      result.problems.push(e.message);
    }
    opts.onProgress?.(i + 1, files.length, path.basename(file));
  }
  return result;
}

/** Local files never reach the network. */
const unreachable: HttpFetch = async (url) => {
  throw new IngestError('not a local file', url);
};
