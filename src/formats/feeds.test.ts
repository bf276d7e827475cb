/** Every feed is well-formed XML (or JSON) whatever text a paper carries. */

import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { PaperCard as ApiPaper } from '../papers/types.ts';
import { renderFeed } from './feeds.ts';

const text = fc.string({ unit: 'binary', maxLength: 40 });
const tricky = fc.constantFrom(
  '<',
  '"',
  "'",
  '&',
  ']]>',
  '&amp;',
  '<b>',
  '\u0000',
  '\u001b',
  '\ud800',
  '\ufffe',
);
const field = fc.array(fc.oneof(text, tricky), { maxLength: 4 }).map((parts) => parts.join(''));

const paper = (over: Partial<ApiPaper>): ApiPaper => ({
  id: 1,
  arxivId: '2601.00001',
  title: 't',
  abstract: 'a',
  authors: [],
  categories: [],
  publishedAt: '2026-08-20T00:00:00.000Z',
  updatedAt: '2026-08-20T00:00:00.000Z',
  latestVersion: 1,
  doi: null,
  journalRef: null,
  comment: null,
  upvotes: 0,
  commentCount: 0,
  githubRepo: null,
  githubStars: null,
  projectPage: null,
  codeLinks: [],
  aiSummary: null,
  aiKeywords: null,
  thumbnail: null,
  hfPublishedAt: null,
  aiSummaryModel: null,
  githubRepoAddedBy: null,
  mediaUrls: null,
  organization: null,
  authorDetails: [],
  modifiedAt: '2026-08-20T00:00:00.000Z',
  featured: null,
  ...over,
});

const docOf = (title: string, authors: string[], categories: string[], summary: string) => ({
  baseUrl: 'http://paperboy.test',
  siteName: 'Paperboy',
  title: 'Latest',
  description: 'd',
  pagePath: '/',
  feedPath: '/feeds/latest',
  items: [
    paper({ title, authors, categories: ['cs.CL', ...categories], abstract: summary, aiSummary: summary }),
  ],
  updated: new Date('2026-08-21T00:00:00.000Z'),
});
const arbDoc = fc.tuple(field, fc.array(field, { maxLength: 3 }), fc.array(field, { maxLength: 3 }), field);

/**
 * Python's expat is a strict XML parser (fast-xml-parser's validator accepts `<` inside an
 * attribute): every document is parsed there, in one process. Returns the failures.
 */
function strictXmlFailures(docs: string[]): string[] {
  const script =
    'import json,sys,xml.etree.ElementTree as E\nbad=[]\nfor d in json.load(sys.stdin):\n  try: E.fromstring(d.encode("utf-8"))\n  except Exception as e: bad.append(str(e)+": "+d[:2000])\nprint(json.dumps(bad))';
  const r = spawnSync('/usr/bin/python3', ['-c', script], { input: JSON.stringify(docs), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as string[];
}

describe('feeds are well-formed for any imported text', () => {
  it('property: RSS and Atom are well-formed XML to a strict parser; JSON Feed parses', () => {
    const docs = fc.sample(arbDoc, { numRuns: 300, seed: 15 }).map((args) => docOf(...args));
    // As sent over HTTP: UTF-8 (a lone surrogate becomes U+FFFD).
    const xml = docs
      .flatMap((d) => [renderFeed(d, 'rss'), renderFeed(d, 'atom')])
      .map((x) => Buffer.from(x, 'utf8').toString('utf8'));
    for (const x of xml) expect(XMLValidator.validate(x)).toBe(true);
    expect(strictXmlFailures(xml)).toEqual([]);
    for (const d of docs) {
      const json = JSON.parse(renderFeed(d, 'json')) as { items: { tags: string[] }[] };
      expect(json.items[0]!.tags[0]).toBe('cs.CL');
    }
  });

  it('a category with < and " keeps the Atom feed valid', () => {
    const atom = renderFeed(docOf('t', ['A'], ['a<b"c'], 's'), 'atom');
    expect(strictXmlFailures([atom])).toEqual([]);
  });
});
