import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importBatch } from '../../src/papers/papers.repo.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { signedInClient } from '../support/client.ts';
import { forEachDialect } from '../support/db.ts';
import { makePaper } from '../support/factories.ts';
import { replayHttp } from '../support/http.ts';

/** Recorded arXiv API answers: 1605.08386 is known (published 2016-05-26), anything else is not. */
const arxiv = () =>
  replayHttp((url) =>
    url.searchParams.get('id_list') === '1605.08386'
      ? { file: 'arxiv-api/id_1605.08386_s0_m100_199195aa31ad.http200.xml' }
      : { file: 'arxiv-api/id_0808.05394_s0_m100_7b0c7d0a7cdd.http200.xml' },
  );

const NOW = '2016-05-30T12:00:00.000Z';

forEachDialect('submitting papers', (dialect) => {
  let t: TestApp;
  const http = arxiv();
  beforeAll(async () => {
    t = await createTestApp(dialect, { now: NOW, env: { SUBMIT_DAILY_CAP: '2' }, http });
  });
  afterAll(async () => t.close());

  it('shows the rules on the submit page', async () => {
    const c = await signedInClient(t, 'reader@example.org');
    const page = await c.get('/submit');
    expect(page.body).toContain('within the last 14 days');
    expect(page.body).toContain('2 papers per day');
    expect(page.body).toContain('A paper is featured once');
  });

  it('fetches an unknown paper from arXiv by URL and features it with its submitter', async () => {
    const c = await signedInClient(t, 'caprice@example.org');
    const res = await c.post('/submit', {
      paper: 'https://arxiv.org/pdf/1605.08386v1.pdf',
      note: 'Nice walks',
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/papers/1605.08386');
    expect(http.calls.some((u) => u.includes('id_list=1605.08386'))).toBe(true);
    const page = await c.get('/papers/1605.08386');
    expect(page.body).toContain('Heat-bath random walks with Markov bases');
    expect(page.body).toContain('@caprice');
    const day = await c.get('/papers/date/2016-05-30');
    expect(day.body).toContain('Heat-bath random walks');
  });

  it('refuses with the exact rule: already featured, unknown, not an id, too old, daily cap', async () => {
    const c = await signedInClient(t, 'second@example.org');
    const json = { accept: 'application/json' };
    const again = await c.post('/submit', { paper: 'arXiv:1605.08386' }, json);
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toContain('already on the feed: it was featured on 2016-05-30 by @caprice');

    const unknown = await c.post('/submit', { paper: '1605.99999' }, json);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error).toContain('arXiv has no paper 1605.99999');

    const bad = await c.post('/submit', { paper: 'https://example.com/abs/1605.08386' }, json);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toContain('is not an arXiv id');

    const old = makePaper({ publishedAt: '2016-04-01T00:00:00.000Z' });
    const fresh = [1, 2, 3].map(() => makePaper({ publishedAt: '2016-05-29T00:00:00.000Z' }));
    await importBatch(t.db, [old, ...fresh], [], { source: 'test', now: new Date(NOW) });
    const tooOld = await c.post('/submit', { paper: old.arxivId }, json);
    expect(tooOld.statusCode).toBe(422);
    expect(tooOld.json().error).toContain(
      'first published on 2016-04-01, 59 days ago; only papers from the last 14 days',
    );

    // The page (no JSON) shows the refusal above the form, keeping what was typed.
    const page = await c.post('/submit', { paper: old.arxivId });
    expect(page.statusCode).toBe(422);
    expect(page.body).toContain('only papers from the last 14 days');
    expect(page.body).toContain(`value="${old.arxivId}"`);

    expect((await c.post('/submit', { paper: fresh[0]!.arxivId })).statusCode).toBe(303);
    expect((await c.post('/submit', { paper: fresh[1]!.arxivId })).statusCode).toBe(303);
    const capped = await c.post('/submit', { paper: fresh[2]!.arxivId }, json);
    expect(capped.statusCode).toBe(422);
    expect(capped.json().error).toContain('daily limit is 2');
    // Admins are exempt from the cap.
    const admin = await signedInClient(t, 'boss@example.org', { admin: true });
    expect((await admin.post('/submit', { paper: fresh[2]!.arxivId })).statusCode).toBe(303);
  });

  it('the same paper submitted by two members at the same moment → one daily entry', async () => {
    const p = makePaper({ publishedAt: '2016-05-29T00:00:00.000Z' });
    await importBatch(t.db, [p], [], { source: 'test', now: new Date(NOW) });
    const a = await signedInClient(t, 'racer-a@example.org');
    const b = await signedInClient(t, 'racer-b@example.org');
    const [ta, tb] = await Promise.all([a.csrf(), b.csrf()]);
    const results = await Promise.all([
      a.post('/submit', { paper: p.arxivId, _csrf: ta }, { accept: 'application/json' }),
      b.post('/submit', { paper: p.arxivId, _csrf: tb }, { accept: 'application/json' }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const entries = await t.db.kysely
      .selectFrom('daily_entries as e')
      .innerJoin('papers as p', 'p.id', 'e.paper_id')
      .select('e.submitted_by')
      .where('p.arxiv_id', '=', p.arxivId)
      .execute();
    expect(entries).toHaveLength(1);
  });
});

describe('submit rate limit', () => {
  it('trips with 429 and recovers', async () => {
    const t = await createTestApp('sqlite', { now: NOW, env: { RATE_LIMIT_SUBMIT: '1/1h' }, http: arxiv() });
    const c = await signedInClient(t, 'eager@example.org');
    const p = makePaper({ publishedAt: '2016-05-29T00:00:00.000Z' });
    await importBatch(t.db, [p], [], { source: 'test', now: new Date(NOW) });
    expect((await c.post('/submit', { paper: '1605.99999' })).statusCode).toBe(404);
    const limited = await c.post('/submit', { paper: p.arxivId });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('3600');
    t.clock.advance(3_600_000);
    expect((await c.post('/submit', { paper: p.arxivId })).statusCode).toBe(303);
    await t.close();
  });
});
