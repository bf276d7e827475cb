/**
 * OAI-PMH harvests: `ListRecords` from arXiv (or from local files: one response or a
 * directory of them, read through the same parser).
 *
 * Paging follows `resumptionToken`s. Each page is written in one transaction together with
 * the token of the next page (in `ingest_state`), so a harvest that dies — crash, kill,
 * network gone — resumes from the first page not yet stored when the same harvest
 * (same endpoint, prefix, set, from, until) is run again. HTTP 503 + Retry-After and
 * retries are handled by the HttpFetch (http.ts).
 */
import type { Config } from '../config.ts';
import { upsertPapersBulk } from '../papers/bulk.repo.ts';
import { emptyCounts, type UpsertCounts } from '../papers/types.ts';
import { IngestError } from '../shared/errors.ts';
import { listSourceFiles } from './files.ts';
import { type HttpFetch, readSource } from './http.ts';
import type { IngestDeps, IngestProgress } from './ingest.ts';
import { type OaiPage, type OaiPrefix, parseOaiListRecords } from './oai-pmh.ts';
import { deleteIngestState, getIngestState } from './state.repo.ts';

export interface OaiHarvestOptions {
  prefix?: OaiPrefix;
  /** OAI set, e.g. `cs`, `physics:hep-th`. */
  set?: string;
  /** YYYY-MM-DD, inclusive. */
  from?: string;
  until?: string;
  /** Read this file or directory of saved responses instead of the network. */
  file?: string;
  onProgress?: IngestProgress;
}

export interface OaiHarvestResult {
  counts: UpsertCounts;
  pages: number;
  /** True when this run continued an interrupted harvest. */
  resumed: boolean;
  problems: string[];
  /** Files of a `--file` directory that are not `*.xml`, not read. */
  skipped: string[];
}

export async function harvestOai(
  deps: IngestDeps & { config: Pick<Config, 'ARXIV_OAI_URL'>; http: HttpFetch },
  opts: OaiHarvestOptions = {},
): Promise<OaiHarvestResult> {
  const result: OaiHarvestResult = {
    counts: emptyCounts(),
    pages: 0,
    resumed: false,
    problems: [],
    skipped: [],
  };
  const store = async (page: OaiPage, source: string, checkpoint?: { key: string; value: string }) => {
    const c = await upsertPapersBulk(
      deps.db,
      page.records,
      { source: 'oai', now: deps.clock.now() },
      checkpoint,
    );
    result.counts.new += c.new;
    result.counts.updated += c.updated;
    result.counts.unchanged += c.unchanged;
    result.counts.rejected += page.rejected.length;
    for (const r of page.rejected.slice(0, 20))
      result.problems.push(`${source} record ${r.index}: ${r.reason}`);
    result.pages++;
  };

  if (opts.file) {
    const { files, skipped } = listSourceFiles(opts.file, '.xml');
    result.skipped = skipped;
    for (const [i, f] of files.entries()) {
      await store(parseOaiListRecords((await readSource(f, deps.http)).body, f), f);
      opts.onProgress?.(i + 1, files.length);
    }
    return result;
  }

  const prefix = opts.prefix ?? 'arXiv';
  const base = deps.config.ARXIV_OAI_URL;
  const key = `oai:${base}|${prefix}|${opts.set ?? ''}|${opts.from ?? ''}|${opts.until ?? ''}`;
  let token = await getIngestState(deps.db, key);
  result.resumed = token !== null;
  for (;;) {
    const params = new URLSearchParams({ verb: 'ListRecords' });
    if (token) params.set('resumptionToken', token);
    else {
      params.set('metadataPrefix', prefix);
      if (opts.set) params.set('set', opts.set);
      if (opts.from) params.set('from', opts.from);
      if (opts.until) params.set('until', opts.until);
    }
    const url = `${base}?${params}`;
    const res = await deps.http(url);
    if (res.status !== 200) throw new IngestError(`OAI-PMH answered HTTP ${res.status}`, url);
    let page: OaiPage;
    try {
      // The next token is stored with this page's records: both or neither.
      page = parseOaiListRecords(res.body, url);
      await store(page, url, page.resumptionToken ? { key, value: page.resumptionToken } : undefined);
    } catch (e) {
      if (e instanceof IngestError && /badResumptionToken/.test(e.message)) {
        // Tokens expire; the harvest must start over (it is idempotent, so nothing doubles).
        await deleteIngestState(deps.db, key);
        throw new IngestError(
          'the saved resumption token has expired: run the harvest again to start over',
          url,
        );
      }
      throw e;
    }
    if (page.completeListSize)
      opts.onProgress?.(
        Math.min((page.cursor ?? 0) + page.records.length, page.completeListSize),
        page.completeListSize,
      );
    if (!page.resumptionToken) break;
    token = page.resumptionToken;
  }
  await deleteIngestState(deps.db, key);
  return result;
}
