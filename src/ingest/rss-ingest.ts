/**
 * The daily "what's new" signal: arXiv RSS listing feeds for categories (one request for
 * all of them: `rss.arxiv.org/rss/cs.CL+cs.LG`), or saved feeds from a file or directory.
 * With `enrich`, every announced id is then looked up on the export API for the full
 * record (v1 date, versions, affiliations, DOI), which the feed does not carry.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.ts';
import { upsertPapersBulk } from '../papers/bulk.repo.ts';
import { emptyCounts, type UpsertCounts } from '../papers/types.ts';
import { IngestError, ValidationError } from '../shared/errors.ts';
import { type HttpFetch, readSource } from './http.ts';
import { type IngestDeps, ingestArxivIds } from './ingest.ts';
import { ANNOUNCE_TYPES, type AnnounceType, parseArxivRss } from './rss.ts';

export interface RssIngestResult {
  counts: UpsertCounts;
  /** How many items of each announce type the feeds listed. */
  byType: Record<AnnounceType, number>;
  /** Canonical ids announced, in feed order, without duplicates. */
  ids: string[];
  /** Counts of the export-API look-up, when enriching. */
  enriched: UpsertCounts | null;
  problems: string[];
}

const CATEGORY = /^[a-z][a-z-]*(\.[A-Za-z-]+)?$/;

export async function ingestRss(
  deps: IngestDeps & { config: Pick<Config, 'ARXIV_RSS_URL' | 'ARXIV_API_URL'>; http: HttpFetch },
  target: string | string[],
  opts: { enrich?: boolean } = {},
): Promise<RssIngestResult> {
  const sources = resolveSources(target, deps.config.ARXIV_RSS_URL);
  const result: RssIngestResult = {
    counts: emptyCounts(),
    byType: Object.fromEntries(ANNOUNCE_TYPES.map((t) => [t, 0])) as Record<AnnounceType, number>,
    ids: [],
    enriched: null,
    problems: [],
  };
  const seen = new Set<string>();
  for (const src of sources) {
    const res = await readSource(src, deps.http);
    if (res.status !== 200) throw new IngestError(`RSS feed answered HTTP ${res.status}`, src);
    const feed = parseArxivRss(res.body, src);
    const records = feed.items.map((i) => i.record);
    const c = await upsertPapersBulk(deps.db, records, { source: 'rss', now: deps.clock.now() });
    result.counts.new += c.new;
    result.counts.updated += c.updated;
    result.counts.unchanged += c.unchanged;
    result.counts.rejected += feed.rejected.length;
    for (const r of feed.rejected) result.problems.push(`${src} item ${r.index}: ${r.reason}`);
    for (const i of feed.items) {
      result.byType[i.announceType]++;
      if (!seen.has(i.record.arxivId)) {
        seen.add(i.record.arxivId);
        result.ids.push(i.record.arxivId);
      }
    }
  }
  if (opts.enrich && result.ids.length > 0) {
    result.enriched = (await ingestArxivIds(deps, result.ids)).counts;
  }
  return result;
}

/** Local files (a feed or a directory of `*.xml` feeds) or one feed URL for the categories. */
function resolveSources(target: string | string[], base: string): string[] {
  const single = typeof target === 'string' ? target : null;
  if (single && (fs.existsSync(single) || single.includes('/'))) {
    if (!fs.existsSync(single)) throw new IngestError('no such file or directory', single);
    if (!fs.statSync(single).isDirectory()) return [single];
    return fs
      .readdirSync(single)
      .filter((f) => f.endsWith('.xml'))
      .sort()
      .map((f) => path.join(single, f));
  }
  const cats = (Array.isArray(target) ? target : target.split(/[,+\s]+/))
    .map((c) => c.trim())
    .filter(Boolean);
  const bad = cats.filter((c) => !CATEGORY.test(c));
  if (cats.length === 0 || bad.length > 0) {
    throw new ValidationError(
      `not arXiv categories: ${bad.join(', ') || '(none given)'} (expected e.g. cs.CL,cs.LG)`,
    );
  }
  return [`${base.replace(/\/+$/, '')}/${cats.join('+')}`];
}
