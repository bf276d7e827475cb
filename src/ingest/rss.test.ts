import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixturePath } from '../../test/support/http.ts';
import { parseArxivRss } from './rss.ts';

const feed = fs.readFileSync(fixturePath('rss/cs_constructed.xml'), 'utf8');

describe('parseArxivRss', () => {
  it('reads each item with its announce type, version, categories, authors and licence', () => {
    const r = parseArxivRss(feed, 'f');
    expect(r.announced).toBe('2025-04-28');
    expect(r.rejected).toEqual([]);
    expect(r.items.map((i) => [i.record.arxivId, i.record.version, i.announceType])).toEqual([
      ['1605.08386', 1, 'new'],
      ['2104.12255', 1, 'cross'],
      ['2204.08348', 3, 'replace'],
      ['1412.8544', 2, 'replace-cross'],
    ]);
    expect(r.items[0]?.record).toMatchObject({
      title: 'Heat-bath random walks with Markov bases',
      authors: [{ name: 'Caprice Stanley' }, { name: 'Tobias Windisch' }],
      categories: ['math.CO', 'math.ST'],
      license: 'http://arxiv.org/licenses/nonexclusive-distrib/1.0/',
      publishedAt: '2025-04-28T04:00:00.000Z',
    });
    expect(r.items[0]?.record.abstract).toMatch(/^Graphs on lattice points/);
    expect(r.items[1]?.record.title).toBe('0');
    expect(r.items[2]?.record.githubRepo).toBe('https://github.com/codingsoo/REST_Go');
  });

  it('an empty listing (weekend) has no items; bad items are rejected with the reason', () => {
    const empty = feed.replace(/<item>[\s\S]*<\/item>/, '');
    expect(parseArxivRss(empty, 'e').items).toEqual([]);
    const bad = feed
      .replace('oai:arXiv.org:1605.08386v1', 'urn:x')
      .replace('arXiv:1605.08386v1 Announce', 'Announce')
      .replace('https://arxiv.org/abs/1605.08386', 'https://example.org/');
    expect(parseArxivRss(bad, 'b').rejected).toEqual([{ index: 0, reason: 'no arXiv id in guid "urn:x"' }]);
  });

  it('malformed XML and non-RSS bodies are clear errors', () => {
    expect(() => parseArxivRss(feed.slice(0, 1500), 'cut.xml')).toThrow(
      /^cut\.xml \(line \d+, column \d+\): malformed XML/,
    );
    expect(() => parseArxivRss('<feed xmlns="http://www.w3.org/2005/Atom"/>', 'a')).toThrow(
      /not an RSS 2\.0 feed/,
    );
  });
});
