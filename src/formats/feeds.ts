/**
 * Any list of papers as RSS 2.0, Atom 1.0 or JSON Feed 1.1. Pure: the papers come in,
 * a string goes out.
 *
 * - Item ids are the paper's canonical URL on this instance: stable across feeds (a paper
 *   in the day feed and the trending feed is the same item) and across re-imports.
 * - Titles have their LaTeX turned into readable text, since readers show no math.
 * - RSS and Atom come from the `feed` library (well-formed XML, escaping); JSON Feed is
 *   written here because that library emits version 1, not 1.1.
 */
import { Feed } from 'feed';
import type { PaperCard } from '../papers/types.ts';
import { arxivAbsUrl, arxivPdfUrl } from '../shared/ids.ts';
import { latexToText } from './latex-text.ts';

export type FeedFormat = 'rss' | 'atom' | 'json';

export const FEED_TYPES: Record<FeedFormat, string> = {
  rss: 'application/rss+xml',
  atom: 'application/atom+xml',
  json: 'application/feed+json',
};

export interface FeedDoc {
  baseUrl: string;
  siteName: string;
  title: string;
  description: string;
  /** Path of the HTML page this feed mirrors, e.g. `/papers/date/2026-08-21`. */
  pagePath: string;
  /** Path of the feed without extension, e.g. `/feeds/date/2026-08-21`. */
  feedPath: string;
  /** Query string of the feed's own URL (searches), with its `?`. */
  query?: string;
  items: PaperCard[];
  /** Newest change among the items (or now, for an empty feed). */
  updated: Date;
  /** Why each paper is on a personal list (by paper id), shown first in its content. */
  reasons?: ReadonlyMap<number, { reasons: string[] }>;
}

// XML 1.0 forbids most C0 controls; a stray one in an abstract must not break the feed.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/**
 * Categories as feeds carry them: only well-formed category names (`cs.CL`, `math-ph`).
 * The feed library writes Atom's `term` attribute without escaping `<` or `"`, so an
 * imported category holding them made the Atom feed invalid XML.
 */
const CATEGORY_NAME = /^[A-Za-z][A-Za-z0-9._-]{0,40}$/;
function categoriesOf(p: PaperCard): string[] {
  return p.categories.filter((c) => CATEGORY_NAME.test(c));
}

function clean(s: string): string {
  return s.replace(XML_INVALID, '').replaceAll(']]>', ']] >');
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function paperUrl(baseUrl: string, arxivId: string): string {
  return `${baseUrl}/papers/${arxivId}`;
}

export function itemTitle(p: PaperCard): string {
  return clean(latexToText(p.title));
}

/** When the item entered this list: featured time, else the arXiv date. */
function itemDate(p: PaperCard): Date {
  return new Date(p.featured?.submittedAt ?? p.publishedAt);
}

function itemHtml(p: PaperCard, reasons: string[] = []): string {
  const parts = [
    ...(reasons.length ? [`<p><strong>Why:</strong> ${escapeHtml(reasons.join(' · '))}</p>`] : []),
    `<p><em>${escapeHtml(p.authors.join(', '))}</em></p>`,
    ...(p.aiSummary ? [`<p><strong>TL;DR:</strong> ${escapeHtml(p.aiSummary)}</p>`] : []),
    ...p.abstract.split(/\n\s*\n/).map((para) => `<p>${escapeHtml(para)}</p>`),
  ];
  const links = [
    `<a href="${escapeHtml(arxivAbsUrl(p.arxivId))}">arXiv</a>`,
    `<a href="${escapeHtml(arxivPdfUrl(p.arxivId))}">PDF</a>`,
    ...(p.githubRepo ? [`<a href="${escapeHtml(p.githubRepo)}">code</a>`] : []),
    ...(p.projectPage ? [`<a href="${escapeHtml(p.projectPage)}">project page</a>`] : []),
  ];
  parts.push(`<p>${links.join(' · ')} · ${p.upvotes} upvotes · ${p.commentCount} comments</p>`);
  return clean(parts.join('\n'));
}

function summaryOf(p: PaperCard): string {
  const text = p.aiSummary ?? p.abstract;
  return clean(text.length > 500 ? `${text.slice(0, 497).trimEnd()}…` : text);
}

function xmlFeed(doc: FeedDoc, format: 'rss' | 'atom'): string {
  const feedUrl = `${doc.baseUrl}${doc.feedPath}`;
  const feed = new Feed({
    id: `${feedUrl}.atom${doc.query ?? ''}`,
    title: clean(`${doc.title} · ${doc.siteName}`),
    description: clean(doc.description),
    link: `${doc.baseUrl}${doc.pagePath}`,
    updated: doc.updated,
    generator: doc.siteName,
    language: 'en',
    favicon: `${doc.baseUrl}/assets/favicon.svg`,
    copyright: 'Paper metadata from arXiv; abstracts © their authors.',
    feedLinks:
      format === 'rss'
        ? { rss: `${feedUrl}.rss${doc.query ?? ''}` }
        : { atom: `${feedUrl}.atom${doc.query ?? ''}` },
  });
  for (const p of doc.items) {
    const url = paperUrl(doc.baseUrl, p.arxivId);
    feed.addItem({
      id: url,
      link: url,
      // Atom titles are declared HTML, so `<Bar>` must be escaped; an RSS title is read as
      // plain text when it contains no markup, which keeps `<Bar>` and `&` as they are.
      title: format === 'atom' ? escapeHtml(itemTitle(p)) : itemTitle(p),
      date: itemDate(p),
      description: escapeHtml(summaryOf(p)),
      content: itemHtml(p, doc.reasons?.get(p.id)?.reasons),
      author: p.authors.map((name) => ({ name: clean(name) })),
      category: categoriesOf(p).map((c) => ({ name: c, term: c })),
    });
  }
  return format === 'rss' ? feed.rss2() : feed.atom1();
}

function jsonFeed(doc: FeedDoc): string {
  const feedUrl = `${doc.baseUrl}${doc.feedPath}`;
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: `${doc.title} · ${doc.siteName}`,
    home_page_url: `${doc.baseUrl}${doc.pagePath}`,
    feed_url: `${feedUrl}.json${doc.query ?? ''}`,
    description: doc.description,
    language: 'en',
    favicon: `${doc.baseUrl}/assets/favicon.svg`,
    items: doc.items.map((p) => {
      const url = paperUrl(doc.baseUrl, p.arxivId);
      return {
        id: url,
        url,
        external_url: arxivAbsUrl(p.arxivId),
        title: itemTitle(p),
        content_html: itemHtml(p, doc.reasons?.get(p.id)?.reasons),
        summary: summaryOf(p),
        date_published: new Date(p.publishedAt).toISOString(),
        date_modified: itemDate(p).toISOString(),
        authors: p.authors.map((name) => ({ name })),
        tags: categoriesOf(p),
        ...(p.thumbnail ? { image: p.thumbnail } : {}),
      };
    }),
  });
}

export function renderFeed(doc: FeedDoc, format: FeedFormat): string {
  return format === 'json' ? jsonFeed(doc) : xmlFeed(doc, format);
}

/** The `<link rel="alternate">` entries a page offers for a feed path (and its query, with `?`). */
export function feedAlternates(
  feedPath: string,
  title: string,
  query = '',
): {
  title: string;
  href: string;
  type: 'application/rss+xml' | 'application/atom+xml' | 'application/feed+json';
}[] {
  return [
    { title: `${title} (RSS)`, href: `${feedPath}.rss${query}`, type: 'application/rss+xml' },
    { title: `${title} (Atom)`, href: `${feedPath}.atom${query}`, type: 'application/atom+xml' },
    { title: `${title} (JSON Feed)`, href: `${feedPath}.json${query}`, type: 'application/feed+json' },
  ];
}
