/**
 * arXiv OAI-PMH 2.0 `ListRecords` responses, `arXiv` and `oai_dc` metadata formats.
 * Pure parsing; harvesting (requests, paging, resumption) lives in oai-harvest.ts.
 *
 * - `arXiv`: id, created (v1 date), updated (latest version date), authors with keyname /
 *   forenames / suffix / affiliation, categories (primary first), comments, report-no,
 *   journal-ref, doi, license, abstract. Preferred: it carries everything but versions.
 * - `oai_dc`: dc:identifier (abs URL), dc:title, dc:creator ("Last, First"), dc:subject
 *   (subject names, mapped to category codes where known), dc:description (abstract, then
 *   "Comment: …"), dc:date (v1 date first, later versions after).
 * Deleted records (`<header status="deleted">`) are skipped. An `<error>` other than
 * `noRecordsMatch` becomes an IngestError with OAI's code.
 */
import type { PaperRecord } from '../papers/types.ts';
import { IngestError } from '../shared/errors.ts';
import { tryParseArxivId } from '../shared/ids.ts';
import { subjectToCategory } from './arxiv-subjects.ts';
import { looksWithdrawn, splitCategories, toIso, withCodeLinks } from './records.ts';
import { list, optText, parseXml, text, type XmlNode } from './xml.ts';

export interface OaiPage {
  records: PaperRecord[];
  rejected: { index: number; reason: string }[];
  /** Token for the next page; null on the last page. */
  resumptionToken: string | null;
  cursor: number | null;
  completeListSize: number | null;
}

export type OaiPrefix = 'arXiv' | 'oai_dc';

const ARRAYS = [
  'record',
  'author',
  'dc:creator',
  'dc:subject',
  'dc:description',
  'dc:date',
  'dc:identifier',
  'error',
];

export function parseOaiListRecords(xml: string, source: string): OaiPage {
  const doc = parseXml(xml, source, ARRAYS);
  const root = doc?.['OAI-PMH'];
  if (!root) throw new IngestError('not an OAI-PMH response (no <OAI-PMH> element)', source);
  const page: OaiPage = {
    records: [],
    rejected: [],
    resumptionToken: null,
    cursor: null,
    completeListSize: null,
  };
  const errors = list(root.error);
  if (errors.length) {
    const code = String(errors[0]['@_code'] ?? 'error');
    if (code === 'noRecordsMatch') return page;
    throw new IngestError(`OAI-PMH error ${code}: ${text(errors[0])}`, source);
  }
  const container = root.ListRecords ?? root.GetRecord;
  if (!container) throw new IngestError('no <ListRecords> or <GetRecord> in the response', source);

  list(container.record).forEach((rec: XmlNode, index: number) => {
    if (rec.header?.['@_status'] === 'deleted') {
      page.rejected.push({ index, reason: `${text(rec.header?.identifier)}: deleted record` });
      return;
    }
    const meta = rec.metadata ?? {};
    const r = meta.arXiv
      ? fromArxiv(meta.arXiv)
      : meta['oai_dc:dc']
        ? fromDc(meta['oai_dc:dc'], rec.header)
        : null;
    if (typeof r === 'string') page.rejected.push({ index, reason: r });
    else if (r) page.records.push(withCodeLinks(r));
    else page.rejected.push({ index, reason: `${text(rec.header?.identifier)}: unknown metadata format` });
  });

  const token = container.resumptionToken;
  if (token !== undefined) {
    page.resumptionToken = optText(token);
    const cursor = typeof token === 'object' ? Number(token['@_cursor']) : Number.NaN;
    const size = typeof token === 'object' ? Number(token['@_completeListSize']) : Number.NaN;
    page.cursor = Number.isFinite(cursor) ? cursor : null;
    page.completeListSize = Number.isFinite(size) ? size : null;
  }
  return page;
}

/** `arXiv` format; a string is the reason the record was rejected. */
function fromArxiv(m: XmlNode): PaperRecord | string {
  const id = tryParseArxivId(text(m.id));
  if (!id) return `<id> "${text(m.id).slice(0, 40)}" is not an arXiv id`;
  const title = optText(m.title);
  if (!title) return `${id.id}: empty <title>`;
  const publishedAt = toIso(text(m.created));
  if (!publishedAt) return `${id.id}: <created> is not a date`;
  const comment = optText(m.comments);
  const abstract = text(m.abstract);
  return {
    arxivId: id.id,
    title,
    abstract,
    authors: list(m.authors?.author).map((a: XmlNode) => ({
      name: [text(a.forenames), text(a.keyname), text(a.suffix)].filter(Boolean).join(' '),
      affiliation: list(a.affiliation).map(text).filter(Boolean).join('; ') || null,
    })),
    comment,
    journalRef: optText(m['journal-ref']),
    doi: optText(m.doi),
    reportNo: optText(m['report-no']),
    license: optText(m.license),
    categories: splitCategories(text(m.categories)),
    publishedAt,
    updatedAt: toIso(text(m.updated)) ?? publishedAt,
    withdrawn: looksWithdrawn(comment, abstract),
  };
}

/** `oai_dc` format. */
function fromDc(dc: XmlNode, header: XmlNode): PaperRecord | string {
  const idSource = list(dc['dc:identifier'])
    .map(text)
    .find((s) => /arxiv\.org\/abs\//.test(s));
  const id = tryParseArxivId(idSource ?? text(header?.identifier).replace(/^oai:arXiv\.org:/, ''));
  if (!id) return `${text(header?.identifier)}: no arXiv id`;
  const title = optText(dc['dc:title']);
  if (!title) return `${id.id}: empty <dc:title>`;
  const dates = list(dc['dc:date'])
    .map((d: XmlNode) => toIso(text(d)))
    .filter((d: string | null): d is string => d !== null)
    .sort();
  if (dates.length === 0) return `${id.id}: no <dc:date>`;
  const descriptions = list(dc['dc:description']).map(text);
  const commentLine = descriptions.find((d: string) => /^Comment:/.test(d.trim()));
  const abstract = descriptions.find((d: string) => d !== commentLine) ?? '';
  const comment = commentLine ? commentLine.trim().replace(/^Comment:\s*/, '') : null;
  const categories = list(dc['dc:subject'])
    .map((s: XmlNode) => subjectToCategory(text(s)))
    .filter((c: string | null): c is string => c !== null);
  return {
    arxivId: id.id,
    title,
    abstract,
    authors: list(dc['dc:creator']).map((c: XmlNode) => ({ name: lastFirst(text(c)) })),
    comment,
    // oai_dc names subjects (not codes) and does not say which is primary: the first mapped
    // one stands in. The `arXiv` format, the default, has the real order.
    categories: categories.length ? categories : undefined,
    publishedAt: dates[0]!,
    updatedAt: dates.at(-1)!,
    withdrawn: looksWithdrawn(comment, abstract),
  };
}

/** "Liepins, Vilnis" → "Vilnis Liepins"; names without a comma stay as they are. */
function lastFirst(s: string): string {
  const i = s.indexOf(',');
  if (i < 0) return s.trim();
  return `${s.slice(i + 1).trim()} ${s.slice(0, i).trim()}`.trim();
}
