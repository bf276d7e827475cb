import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixturePath } from '../../test/support/http.ts';
import { parseOaiListRecords } from './oai-pmh.ts';

const read = (f: string) => fs.readFileSync(fixturePath(`oai-pmh/${f}`), 'utf8');
const envelope = (inner: string) =>
  `<?xml version="1.0"?><OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">${inner}</OAI-PMH>`;

describe('parseOaiListRecords', () => {
  it('reads an oai_dc page with its resumption token', () => {
    const page = parseOaiListRecords(read('ListRecords_oai_dc_set-cs_page1.xml'), 'p1');
    expect(page).toMatchObject({
      resumptionToken: '6960524|1001',
      cursor: 0,
      completeListSize: 1162,
      rejected: [],
    });
    expect(page.records.map((r) => r.arxivId)).toEqual([
      '1303.2033',
      '2401.14034',
      '2401.14036',
      '2401.14038',
      '2401.14040',
    ]);
    expect(page.records[0]).toMatchObject({
      title: 'Extended Fourier analysis of signals',
      authors: [{ name: 'Vilnis Liepins' }],
      categories: ['cs.DS', 'cs.IT', 'math.NA'],
      comment: '32 pages, 9 figures',
      publishedAt: '2013-03-08T00:00:00.000Z',
      updatedAt: '2024-01-23T00:00:00.000Z',
      withdrawn: false,
    });
    expect(page.records[0]?.abstract).toMatch(/^This summary of the doctoral thesis/);
    expect(page.records.at(-1)?.comment).toBe('Accepted to the Findings of EACL 2024');
  });

  it('reads the arXiv format: affiliations, primary category, DOI, journal ref, licence', () => {
    const page = parseOaiListRecords(read('GetRecord_arXiv_1412.8544.xml'), 'g');
    expect(page.resumptionToken).toBeNull();
    expect(page.records).toHaveLength(1);
    expect(page.records[0]).toMatchObject({
      arxivId: '1412.8544',
      title: 'A Kochen-Specker system has at least 22 vectors (extended abstract)',
      authors: [
        { name: 'Sander Uijlen', affiliation: 'Radboud Universiteit' },
        { name: 'Bas Westerbaan', affiliation: 'Radboud Universiteit' },
      ],
      categories: ['cs.DM'],
      comment: 'In Proceedings QPL 2014, arXiv:1412.8102',
      journalRef: 'EPTCS 172, 2014, pp. 154-164',
      doi: '10.4204/EPTCS.172.11',
      license: 'http://arxiv.org/licenses/nonexclusive-distrib/1.0/',
      publishedAt: '2014-12-29T00:00:00.000Z',
    });
    // An empty <resumptionToken/> ends the list.
    expect(parseOaiListRecords(read('ListRecords_arXiv_last-page.xml'), 'l')).toMatchObject({
      resumptionToken: null,
      cursor: 1001,
    });
  });

  it('noRecordsMatch is an empty page; other OAI errors are errors; deleted records are skipped', () => {
    expect(
      parseOaiListRecords(envelope('<error code="noRecordsMatch">no match</error>'), 'x').records,
    ).toEqual([]);
    expect(() =>
      parseOaiListRecords(envelope('<error code="badArgument">from is not a date</error>'), 'q?from=x'),
    ).toThrow('q?from=x: OAI-PMH error badArgument: from is not a date');
    const deleted = parseOaiListRecords(
      envelope(
        '<ListRecords><record><header status="deleted"><identifier>oai:arXiv.org:2401.00001</identifier></header></record></ListRecords>',
      ),
      'd',
    );
    expect(deleted.rejected).toEqual([{ index: 0, reason: 'oai:arXiv.org:2401.00001: deleted record' }]);
  });

  it('truncated XML names the source and line', () => {
    const xml = read('ListRecords_oai_dc_set-cs_page1.xml');
    expect(() => parseOaiListRecords(xml.slice(0, 4000), 'page.xml')).toThrow(
      /^page\.xml \(line \d+, column \d+\): malformed XML/,
    );
    expect(() => parseOaiListRecords('<html>503 Retry after 10 seconds</html>', 'h')).toThrow(
      /not an OAI-PMH response/,
    );
  });
});
