import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixturePath } from '../../test/support/http.ts';
import { IngestError } from '../shared/errors.ts';
import { parseArxivAtom } from './arxiv-api.ts';

const read = (f: string) => fs.readFileSync(fixturePath(`arxiv-api/${f}`), 'utf8');

describe('parseArxivAtom (recorded export API responses)', () => {
  it('reads a single entry: authors in order, primary category, comment, version', () => {
    const { records, totalResults } = parseArxivAtom(
      read('id_1707.08567_s0_m100_6a1afebfc6a3.http200.xml'),
      'f',
    );
    expect(totalResults).toBe(1);
    expect(records).toHaveLength(1);
    const r = records[0]!;
    expect(r).toMatchObject({
      arxivId: '1707.08567',
      version: 1,
      title: 'Proceedings of Workshop AEW10: Concepts in Information Theory and Communications',
      categories: ['cs.IT'],
      comment: '44 pages, editors for the proceedings: Yanling Chen and A. J. Han Vinck',
      publishedAt: '2017-07-27T08:18:33.000Z',
      updatedAt: '2017-07-27T08:18:33.000Z',
      withdrawn: false,
      journalRef: null,
      doi: null,
    });
    expect(r.authors).toHaveLength(34);
    expect(r.authors[0]).toEqual({ name: 'Kees A. Schouhamer Immink', affiliation: null });
    expect(r.authors.at(-2)?.name).toBe('Dirk Wübben');
  });

  it('keeps a title that looks like a number as text, and the primary category first', () => {
    const [r] = parseArxivAtom(read('id_2104.12255v1_s0_m100_6ae69987ffe1.http200.xml'), 'f').records;
    expect(r?.title).toBe('0');
    const [m] = parseArxivAtom(read('id_1605.08386_s0_m100_199195aa31ad.http200.xml'), 'f').records;
    expect(m?.categories).toEqual(['math.CO', 'math.ST']);
  });

  it('reads affiliations, DOIs, journal refs, later versions and code links from a 100-entry page', () => {
    const { records, totalResults, rejected } = parseArxivAtom(
      read('q_testing_s0_m100_cfe7536492ca.http200.xml'),
      'f',
    );
    expect(totalResults).toBe(214881);
    expect(records).toHaveLength(100);
    expect(rejected).toEqual([]);
    expect(records.filter((r) => r.doi).length).toBe(32);
    expect(records.filter((r) => r.journalRef).length).toBe(18);
    const gaudel = records.flatMap((r) => r.authors).find((a) => a.name === 'Marie-Claude Gaudel');
    expect(gaudel?.affiliation).toBe('LRI');
    const v3 = records.find((r) => r.arxivId === '2204.08348')!;
    expect(v3.version).toBe(3);
    expect(v3.publishedAt).toBe('2022-04-18T14:46:24.000Z');
    expect(v3.updatedAt).toBe('2022-07-06T05:12:56.000Z');
    expect(v3.versions).toEqual([
      { version: 1, submittedAt: '2022-04-18T14:46:24.000Z' },
      { version: 3, submittedAt: '2022-07-06T05:12:56.000Z' },
    ]);
    const withRepo = records.find(
      (r) => r.githubRepo === 'https://github.com/ydecastro/super-resolution-testing',
    );
    expect(withRepo).toBeDefined();
    expect(records.some((r) => r.projectPage === 'https://opendatalab.github.io/REST')).toBe(true);
  });

  it('an empty result is no error', () => {
    expect(parseArxivAtom(read('id_0000.0000_s0_m100_8b51d9633a68.http200.xml'), 'f')).toEqual({
      records: [],
      totalResults: 0,
      rejected: [],
    });
  });

  it('turns the HTTP 400 error feed into an IngestError carrying arXiv’s reason', () => {
    expect(() => parseArxivAtom(read('id_abc_s0_m100_b79c8dcf6bc3.http400.xml'), 'q?id_list=abc')).toThrow(
      /q\?id_list=abc: arXiv API error: incorrect id format for abc/,
    );
  });

  it('truncated or malformed XML names the source and line', () => {
    const xml = read('id_1707.08567_s0_m100_6a1afebfc6a3.http200.xml');
    const cut = xml.slice(0, xml.indexOf('<author>') + 30);
    let err: unknown;
    try {
      parseArxivAtom(cut, 'cut.xml');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(IngestError);
    expect((err as Error).message).toMatch(/^cut\.xml \(line \d+, column \d+\): malformed XML/);
    expect(() => parseArxivAtom('<html><body>Service down</body></html>', 'x')).toThrow(/not an Atom feed/);
    expect(() => parseArxivAtom(xml.replace('<title>Proceedings', '<title>A & B'), 'amp.xml')).toThrow(
      /amp\.xml \(line 12,/,
    );
  });
});
