/**
 * arXiv export API (`/api/query`): Atom 1.0 with the `arxiv:` and `opensearch:`
 * namespaces. Pure parsing; requests live in ingest.ts.
 *
 * What one entry gives: `<id>` abs URL with the latest version (`…/abs/2504.01234v3`),
 * `<published>` (v1), `<updated>` (latest version), title, summary, authors with
 * `arxiv:affiliation`, `<category term>`s and `arxiv:primary_category`, and optional
 * `arxiv:comment`, `arxiv:journal_ref`, `arxiv:doi`. The API does not list the dates of
 * intermediate versions, so only v1 and the latest are recorded.
 *
 * A bad query answers HTTP 400 with a one-entry feed whose id is
 * `…/api/errors#<reason>`: that becomes an IngestError carrying arXiv's message.
 */
import type { PaperRecord } from '../papers/types.ts';
import { IngestError } from '../shared/errors.ts';
import { tryParseArxivId } from '../shared/ids.ts';
import { looksWithdrawn, splitCategories, toIso, withCodeLinks } from './records.ts';
import { list, optText, parseXml, text, type XmlNode } from './xml.ts';

export interface AtomParsed {
  records: PaperRecord[];
  totalResults: number;
  /** Entries that could not be used, with the reason. */
  rejected: { index: number; reason: string }[];
}

const ARRAYS = ['entry', 'author', 'category', 'link', 'arxiv:affiliation'] as const;

export function parseArxivAtom(xml: string, source: string): AtomParsed {
  const doc = parseXml(xml, source, ARRAYS);
  const feed = doc?.feed;
  if (!feed || typeof feed !== 'object')
    throw new IngestError('not an Atom feed (no <feed> element)', source);
  const entries = list(feed.entry);

  const error = entries.find((e: XmlNode) => text(e.id).includes('/api/errors'));
  if (error) {
    const reason = optText(error.summary) ?? text(error.id).split('#')[1] ?? 'unknown error';
    throw new IngestError(`arXiv API error: ${reason}`, source);
  }

  const out: AtomParsed = {
    records: [],
    totalResults: Number(text(feed['opensearch:totalResults'])) || entries.length,
    rejected: [],
  };
  entries.forEach((e: XmlNode, index: number) => {
    const reason = entryProblem(e);
    if (reason) {
      out.rejected.push({ index, reason });
      return;
    }
    out.records.push(toRecord(e));
  });
  return out;
}

function entryProblem(e: XmlNode): string | null {
  const id = tryParseArxivId(text(e.id));
  if (!id) return `<id> "${text(e.id).slice(0, 60)}" is not an arXiv abs URL`;
  if (!optText(e.title)) return `${id.id}: empty <title>`;
  if (!toIso(text(e.published))) return `${id.id}: <published> is not a date`;
  return null;
}

function toRecord(e: XmlNode): PaperRecord {
  const id = tryParseArxivId(text(e.id))!;
  const version = id.version ?? 1;
  const publishedAt = toIso(text(e.published))!;
  const updatedAt = toIso(text(e.updated)) ?? publishedAt;
  const comment = optText(e['arxiv:comment']);
  const abstract = text(e.summary);
  const primary = e['arxiv:primary_category']?.['@_term'] as string | undefined;
  const categories = splitCategories(
    list(e.category).map((c: XmlNode) => String(c['@_term'] ?? '')),
    primary,
  );
  const versions = [{ version: 1, submittedAt: publishedAt }];
  if (version > 1) versions.push({ version, submittedAt: updatedAt });
  return withCodeLinks({
    arxivId: id.id,
    version,
    title: text(e.title),
    abstract,
    authors: list(e.author).map((a: XmlNode) => ({
      name: text(a.name).replace(/\s+/g, ' ').trim(),
      affiliation: list(a['arxiv:affiliation']).map(text).filter(Boolean).join('; ') || null,
    })),
    comment,
    journalRef: optText(e['arxiv:journal_ref']),
    doi: optText(e['arxiv:doi']),
    categories,
    publishedAt,
    updatedAt,
    versions,
    withdrawn: looksWithdrawn(comment, abstract),
  });
}
