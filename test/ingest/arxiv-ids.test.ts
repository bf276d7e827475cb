import { expect, it } from 'vitest';
import { ingestArxivFiles, ingestArxivIds } from '../../src/ingest/ingest.ts';
import { getPaperDetails } from '../../src/papers/paper-details.repo.ts';
import { fixedClock } from '../../src/shared/clock.ts';
import { forEachDialect, freshDbEachTest, type TestDb } from '../support/db.ts';
import { FIXTURES, fixturePath, replayHttp } from '../support/http.ts';

const API = 'https://export.arxiv.org/api/query';
const config = { ARXIV_API_URL: API };

/** Serves the recorded response for the requested id_list. */
const arxiv = replayHttp((url) => {
  const ids = url.searchParams.get('id_list') ?? '';
  const files: Record<string, string> = {
    '1707.08567': 'id_1707.08567_s0_m100_6a1afebfc6a3.http200.xml',
    // A recorded partial answer (one of two ids unknown), served for a pair of valid ids.
    '2607.00001,1707.08567': 'id_0808.05394_1707.08567_s0_m100_42e5aa0ec3af.http200.xml',
    '1605.08386': 'id_1605.08386_s0_m100_199195aa31ad.http200.xml',
    '2104.12255': 'id_2104.12255v1_s0_m100_6ae69987ffe1.http200.xml',
    '0808.05394': 'id_0808.05394_s0_m100_7b0c7d0a7cdd.http200.xml',
  };
  if (files[ids]) return { file: `arxiv-api/${files[ids]}` };
  if (ids === '1605.08386,0704.0001')
    return { file: 'arxiv-api/id_abc_s0_m100_b79c8dcf6bc3.http400.xml', status: 400 };
  return undefined;
});

forEachDialect('ingestArxivIds', (dialect) => {
  let db: TestDb;
  const clock = fixedClock('2026-08-21T12:00:00Z');
  freshDbEachTest(dialect, (d) => {
    db = d;
  });

  it('stores what arXiv returns, reports what it does not know, and is idempotent', async () => {
    const deps = { db, clock, config, http: arxiv };
    // 0808.05394 has five digits before 2015: not an id, so it is never asked for.
    const r = await ingestArxivIds(deps, ['2607.00001', 'arXiv:1707.08567v1', 'not-an-id', '0808.05394']);
    expect(r.found).toEqual(['1707.08567']);
    expect(r.missing).toEqual(['not-an-id', '0808.05394', '2607.00001']);
    expect(r.counts).toEqual({ new: 1, updated: 0, unchanged: 0, rejected: 2 });
    const p = await getPaperDetails(db, '1707.08567');
    expect(p?.authors).toHaveLength(34);
    expect(p?.primaryCategory).toBe('cs.IT');

    const again = await ingestArxivIds(deps, ['1707.08567']);
    expect(again.counts).toEqual({ new: 0, updated: 0, unchanged: 1, rejected: 0 });
  });

  it('reads saved export-API responses like live ones: same records, same upsert', async () => {
    const file = fixturePath('arxiv-api/id_1707.08567_s0_m100_6a1afebfc6a3.http200.xml');
    const r = await ingestArxivFiles({ db, clock }, file);
    expect(r).toEqual({
      counts: { new: 1, updated: 0, unchanged: 0, rejected: 0 },
      files: 1,
      skipped: [],
      problems: [],
    });
    const p = await getPaperDetails(db, '1707.08567');
    expect(p?.authors).toHaveLength(34);
    expect(p?.primaryCategory).toBe('cs.IT');
    // The live path finds exactly what the file stored.
    const live = await ingestArxivIds({ db, clock, config, http: arxiv }, ['1707.08567']);
    expect(live.counts).toEqual({ new: 0, updated: 0, unchanged: 1, rejected: 0 });
  });

  it('reads a directory of responses: error answers and other files are reported, the rest stored', async () => {
    const r = await ingestArxivFiles({ db, clock }, `${FIXTURES}/arxiv-api`);
    expect(r.files).toBe(8);
    expect(r.skipped).toEqual([`${FIXTURES}/arxiv-api/LICENSE.arxiv.py.txt`]);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatch(/id_abc_s0_m100_b79c8dcf6bc3\.http400\.xml: arXiv API error: .*abc/);
    // 104 entries, 103 papers: 1707.08567 is in two files (the second finds it unchanged).
    expect(r.counts).toEqual({ new: 103, updated: 0, unchanged: 1, rejected: 0 });
    for (const id of ['1707.08567', '1605.08386', '2104.12255', '2204.08348'])
      expect(await getPaperDetails(db, id)).not.toBeNull();
    const again = await ingestArxivFiles({ db, clock }, `${FIXTURES}/arxiv-api`);
    expect(again.counts.new).toBe(0);
  });

  it('asks for at most 100 ids per request', async () => {
    const calls: string[] = [];
    const http = async (url: string) => {
      calls.push(url);
      return { status: 200, headers: {}, body: '<feed xmlns="http://www.w3.org/2005/Atom"></feed>' };
    };
    const ids = Array.from({ length: 250 }, (_, i) => `2601.${String(i + 1).padStart(5, '0')}`);
    const r = await ingestArxivIds({ db, clock, config, http }, ids);
    expect(calls).toHaveLength(3);
    expect(calls.map((u) => new URL(u).searchParams.get('id_list')!.split(',').length)).toEqual([
      100, 100, 50,
    ]);
    expect(r.missing).toHaveLength(250);
  });

  it('an error feed stops with arXiv’s reason and writes nothing from that batch', async () => {
    const deps = { db, clock, config, http: arxiv };
    await expect(ingestArxivIds(deps, ['1605.08386', '0704.0001'])).rejects.toThrow(
      /arXiv API error: incorrect id format for abc/,
    );
    expect(await getPaperDetails(db, '1605.08386')).toBeNull();
  });
});
