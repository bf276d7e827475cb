/**
 * arXiv RSS listing feeds (`rss.arxiv.org/rss/cs.CL+cs.LG`, RSS 2.0, current format since
 * 2024): one `<item>` per announced paper, with `arxiv:announce_type` new / cross /
 * replace / replace-cross, `guid` `oai:arXiv.org:<id>v<n>`, `description`
 * "arXiv:<id>v<n> Announce Type: <type> \nAbstract: <abstract>", one `<category>` per
 * category, `dc:creator` (comma-separated authors), `dc:rights` (licence) and `pubDate`
 * (the announcement day). Pure parsing; fetching lives in ingest.ts.
 *
 * The feed does not give the v1 date of a replaced paper: the announcement date stands in
 * (the upsert keeps the earliest date another source knows), and the daily ingest looks
 * every announced id up on the export API for the full record.
 */
import { listingDayOf } from '../papers/announcements.ts';
import type { PaperRecord } from '../papers/types.ts';
import { IngestError } from '../shared/errors.ts';
import { tryParseArxivId } from '../shared/ids.ts';
import { looksWithdrawn, splitCategories, toIso, withCodeLinks } from './records.ts';
import { list, optText, parseXml, text, type XmlNode } from './xml.ts';

export const ANNOUNCE_TYPES = ['new', 'cross', 'replace', 'replace-cross'] as const;
export type AnnounceType = (typeof ANNOUNCE_TYPES)[number];

/** How each announce type is stored: a replaced cross-list is a replacement like any other. */
const LISTED_AS = { new: 'new', cross: 'cross', replace: 'replace', 'replace-cross': 'replace' } as const;

export interface RssItem {
  record: PaperRecord;
  announceType: AnnounceType;
}

export interface RssParsed {
  items: RssItem[];
  rejected: { index: number; reason: string }[];
  /** The feed's announcement date (YYYY-MM-DD), when it says. */
  announced: string | null;
}

export function parseArxivRss(xml: string, source: string): RssParsed {
  const doc = parseXml(xml, source, ['item', 'category']);
  const channel = doc?.rss?.channel;
  if (!channel) throw new IngestError('not an RSS 2.0 feed (no <rss><channel>)', source);
  const channelDate = toIso(text(channel.pubDate) || text(channel.lastBuildDate));
  const out: RssParsed = {
    items: [],
    rejected: [],
    announced: channelDate ? listingDayOf(channelDate) : null,
  };
  list(channel.item).forEach((item: XmlNode, index: number) => {
    const r = toItem(item, channelDate);
    if (typeof r === 'string') out.rejected.push({ index, reason: r });
    else out.items.push(r);
  });
  return out;
}

function toItem(item: XmlNode, channelDate: string | null): RssItem | string {
  const description = text(item.description);
  const id =
    tryParseArxivId(text(item.guid).replace(/^oai:arXiv\.org:/i, '')) ??
    tryParseArxivId(/arXiv:(\S+)/.exec(description)?.[1] ?? '') ??
    tryParseArxivId(text(item.link));
  if (!id) return `no arXiv id in guid "${text(item.guid).slice(0, 60)}"`;
  const type = (optText(item['arxiv:announce_type']) ??
    /Announce Type:\s*(\S+)/.exec(description)?.[1] ??
    'new') as AnnounceType;
  if (!ANNOUNCE_TYPES.includes(type)) return `${id.id}: unknown announce type "${type}"`;
  const title = optText(item.title);
  if (!title) return `${id.id}: empty <title>`;
  const announced = toIso(text(item.pubDate)) ?? channelDate;
  if (!announced) return `${id.id}: no <pubDate>`;
  const abstractAt = description.search(/Abstract:\s*/);
  const abstract =
    abstractAt >= 0 ? paragraphs(description.slice(abstractAt).replace(/^Abstract:\s*/, '')) : '';
  const record: PaperRecord = {
    arxivId: id.id,
    version: id.version,
    title,
    abstract,
    authors: splitCreators(text(item['dc:creator'])),
    license: optText(item['dc:rights']),
    categories: splitCategories(list(item.category).map(text)),
    publishedAt: announced,
    updatedAt: announced,
    withdrawn: looksWithdrawn(null, abstract),
    announcement: { day: listingDayOf(announced), type: LISTED_AS[type] },
  };
  return { record: withCodeLinks(record), announceType: type };
}

/**
 * The feed does not hard-wrap abstracts: each line is a paragraph (arXiv marks the next one
 * with an indented line). Blank-line breaks are what the stored abstract keeps.
 */
function paragraphs(abstract: string): string {
  return abstract
    .trim()
    .split(/\s*\n\s*/)
    .join('\n\n');
}

/** "A. One, B. Two, C. Three" (older feeds: "A. One, B. Two and C. Three"). */
function splitCreators(s: string): { name: string }[] {
  return s
    .split(/,\s*|\s+and\s+/)
    .map((n) => n.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .map((name) => ({ name }));
}
