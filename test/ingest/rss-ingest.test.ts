import { expect, it } from 'vitest';
import { ingestRss } from '../../src/ingest/rss-ingest.ts';
import { getPaperDetails } from '../../src/papers/paper-details.repo.ts';
import { fixedClock } from '../../src/shared/clock.ts';
import { forEachDialect, freshDbEachTest, type TestDb } from '../support/db.ts';
import { fixturePath, replayHttp } from '../support/http.ts';

const config = {
  ARXIV_RSS_URL: 'https://rss.arxiv.org/rss',
  ARXIV_API_URL: 'https://export.arxiv.org/api/query',
};

forEachDialect('ingestRss', (dialect) => {
  let db: TestDb;
  const clock = fixedClock('2026-08-21T12:00:00Z');
  freshDbEachTest(dialect, (d) => {
    db = d;
  });

  it('fetches one feed for all categories, counts announce types, enriches from the export API', async () => {
    const http = replayHttp((url) => {
      if (url.host === 'rss.arxiv.org' && url.pathname === '/rss/cs.CR+cs.SE+math.CO') {
        return { file: 'rss/cs_constructed.xml' };
      }
      // The recorded 100-entry page holds one of the announced papers (2204.08348).
      if (url.host === 'export.arxiv.org')
        return { file: 'arxiv-api/q_testing_s0_m100_cfe7536492ca.http200.xml' };
      return undefined;
    });
    const r = await ingestRss({ db, clock, config, http }, ['cs.CR', 'cs.SE', 'math.CO'], { enrich: true });
    expect(r.byType).toEqual({ new: 1, cross: 1, replace: 1, 'replace-cross': 1 });
    expect(r.counts).toEqual({ new: 4, updated: 0, unchanged: 0, rejected: 0 });
    expect(r.ids).toEqual(['1605.08386', '2104.12255', '2204.08348', '1412.8544']);
    expect(r.enriched).toMatchObject({ updated: 1 });
    // The export API knows the real v1 date the feed did not give.
    const p = await getPaperDetails(db, '2204.08348');
    expect(p?.publishedAt).toBe('2022-04-18T14:46:24.000Z');
    expect(http.calls[0]).toBe('https://rss.arxiv.org/rss/cs.CR+cs.SE+math.CO');

    const again = await ingestRss({ db, clock, config, http }, fixturePath('rss/cs_constructed.xml'));
    expect(again.counts.new).toBe(0);
  });

  it('keeps the paragraph breaks of abstracts in a real feed', async () => {
    const http = replayHttp(() => undefined);
    const r = await ingestRss({ db, clock, config, http }, fixturePath('rss/quant-ph_2025-04-28.xml'));
    expect(r.counts).toEqual({ new: 81, updated: 0, unchanged: 0, rejected: 0 });
    const paragraphs = async (id: string) => (await getPaperDetails(db, id))!.abstract.split('\n\n');
    const two = await paragraphs('2504.18188');
    expect(two).toHaveLength(2);
    expect(two[0]).toMatch(/^In this work, we derive .* classical queries\.$/);
    expect(two[1]).toMatch(/^By applying these lifting theorems, .* Davies-Meyer construction\.$/);
    expect(await paragraphs('2504.18298')).toHaveLength(2);
    const three = await paragraphs('2504.18527');
    expect(three).toHaveLength(3);
    for (const p of three) expect(p).not.toMatch(/^\s|\s$|\n/);
    // An abstract of one paragraph stays one line.
    expect(await paragraphs('2504.17830')).toHaveLength(1);
  });

  it('rejects what is not a category list', async () => {
    const http = replayHttp(() => undefined);
    await expect(ingestRss({ db, clock, config, http }, 'cs.CL; DROP')).rejects.toThrow(
      'not arXiv categories: cs.CL;, DROP',
    );
    expect(http.calls).toEqual([]);
  });
});
