/**
 * Kaggle "Cornell-University/arxiv" `arxiv-metadata-oai-snapshot.json`: JSON lines, one
 * paper per line, with `id, submitter, authors, title, comments, journal-ref, doi,
 * report-no, categories, license, abstract, versions, update_date, authors_parsed`.
 * Pure: one line in, one record or a reason out. Streaming lives in kaggle-import.ts.
 */
import type { PaperRecord } from '../papers/types.ts';
import { tryParseArxivId } from '../shared/ids.ts';
import { looksWithdrawn, splitCategories, toIso, withCodeLinks } from './records.ts';

export type KaggleLine = { ok: true; record: PaperRecord } | { ok: false; reason: string };

interface KaggleRaw {
  id?: unknown;
  authors?: unknown;
  authors_parsed?: unknown;
  title?: unknown;
  comments?: unknown;
  'journal-ref'?: unknown;
  doi?: unknown;
  'report-no'?: unknown;
  categories?: unknown;
  license?: unknown;
  abstract?: unknown;
  versions?: unknown;
  update_date?: unknown;
}

export function parseKaggleLine(line: string): KaggleLine {
  let raw: KaggleRaw;
  try {
    raw = JSON.parse(line) as KaggleRaw;
  } catch (e) {
    return { ok: false, reason: `not valid JSON (${(e as Error).message})` };
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    return { ok: false, reason: 'not a JSON object' };
  const rawId = raw.id;
  const id = typeof rawId === 'string' ? tryParseArxivId(rawId) : null;
  if (!id) return { ok: false, reason: `"id" ${JSON.stringify(rawId)?.slice(0, 40)} is not an arXiv id` };
  if (typeof raw.title !== 'string' || !raw.title.trim())
    return { ok: false, reason: `${id.id}: no "title"` };

  const versions = parseVersions(raw.versions);
  const publishedAt = versions[0]?.submittedAt ?? toIso(str(raw.update_date));
  if (!publishedAt) return { ok: false, reason: `${id.id}: no version dates and no "update_date"` };
  const latest = versions.at(-1);
  const comment = str(raw.comments);
  const abstract = str(raw.abstract) ?? '';
  return {
    ok: true,
    record: withCodeLinks({
      arxivId: id.id,
      version: latest?.version,
      title: raw.title,
      abstract,
      authors: parseAuthors(raw.authors_parsed, raw.authors),
      comment,
      journalRef: str(raw['journal-ref']),
      doi: str(raw.doi),
      reportNo: str(raw['report-no']),
      license: str(raw.license),
      categories: splitCategories(str(raw.categories)),
      publishedAt,
      updatedAt: latest?.submittedAt ?? publishedAt,
      versions: versions.length ? versions : undefined,
      withdrawn: looksWithdrawn(comment, abstract),
    }),
  };
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v : null;
}

function parseVersions(v: unknown): { version: number; submittedAt: string }[] {
  if (!Array.isArray(v)) return [];
  const out: { version: number; submittedAt: string }[] = [];
  for (const item of v) {
    const n = /^v(\d+)$/.exec(String(item?.version ?? ''));
    const at = toIso(item?.created);
    if (n && at) out.push({ version: Number(n[1]), submittedAt: at });
  }
  return out.sort((a, b) => a.version - b.version);
}

/** `authors_parsed` ([last, first, suffix]) when present, else the `authors` string split on commas and "and". */
function parseAuthors(parsed: unknown, flat: unknown): { name: string }[] {
  if (Array.isArray(parsed) && parsed.length > 0) {
    const names = parsed
      .filter(Array.isArray)
      .map(([last, first, suffix]) =>
        [first, last, suffix].filter((p) => typeof p === 'string' && p.trim()).join(' '),
      )
      .filter(Boolean);
    if (names.length) return names.map((name) => ({ name }));
  }
  if (typeof flat !== 'string') return [];
  return flat
    .replace(/\s+/g, ' ')
    .split(/,\s*|\s+and\s+/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((name) => ({ name }));
}
