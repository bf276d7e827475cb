import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixturePath } from '../../test/support/http.ts';
import { parseKaggleLine } from './kaggle-snapshot.ts';

const lines = fs.readFileSync(fixturePath('kaggle/metadata-1000.jsonl'), 'utf8').trim().split('\n');

describe('parseKaggleLine', () => {
  it('reads every field of a real record', () => {
    const r = parseKaggleLine(lines[0]!);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.record).toMatchObject({
      arxivId: '0704.0001',
      version: 2,
      title: 'Calculation of prompt diphoton production cross sections at Tevatron and\n  LHC energies',
      comment: '37 pages, 15 figures; published version',
      journalRef: 'Phys.Rev.D76:013009,2007',
      doi: '10.1103/PhysRevD.76.013009',
      reportNo: 'ANL-HEP-PR-07-12',
      license: null,
      categories: ['hep-ph'],
      publishedAt: '2007-04-02T19:18:42.000Z',
      updatedAt: '2007-07-24T20:10:27.000Z',
      versions: [
        { version: 1, submittedAt: '2007-04-02T19:18:42.000Z' },
        { version: 2, submittedAt: '2007-07-24T20:10:27.000Z' },
      ],
      withdrawn: false,
    });
    // authors_parsed is preferred: TeX accents already decoded.
    expect(r.record.authors.map((a) => a.name)).toEqual([
      'C. Balázs',
      'E. L. Berger',
      'P. M. Nadolsky',
      'C. -P. Yuan',
    ]);
  });

  it('parses all 1,000 real records, the first category being the primary one', () => {
    const parsed = lines.map(parseKaggleLine);
    expect(parsed.filter((p) => !p.ok)).toEqual([]);
    const second = parsed[1]!;
    expect(second.ok && second.record.categories).toEqual(['math.CO', 'cs.CG']);
  });

  it('rejects what is not a paper, saying why', () => {
    expect(parseKaggleLine('{"id": "0704.0001", "title": "x", "versions": [')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^not valid JSON/),
    });
    expect(parseKaggleLine('[1,2]')).toEqual({ ok: false, reason: 'not a JSON object' });
    expect(parseKaggleLine('{"id": "nope", "title": "x"}')).toEqual({
      ok: false,
      reason: '"id" "nope" is not an arXiv id',
    });
    expect(parseKaggleLine('{"id": "0704.0001", "title": " "}')).toEqual({
      ok: false,
      reason: '0704.0001: no "title"',
    });
  });

  it('falls back to the flat author string and detects withdrawals', () => {
    const r = parseKaggleLine(
      JSON.stringify({
        id: 'hep-th/9901001',
        title: 'T',
        authors: 'A. One, B. Two and C. Three',
        comments: 'This paper has been withdrawn by the author',
        versions: [{ version: 'v1', created: 'Fri, 1 Jan 1999 00:00:00 GMT' }],
      }),
    );
    expect(r.ok && r.record.authors.map((a) => a.name)).toEqual(['A. One', 'B. Two', 'C. Three']);
    expect(r.ok && r.record.withdrawn).toBe(true);
    expect(r.ok && r.record.arxivId).toBe('hep-th/9901001');
  });
});
