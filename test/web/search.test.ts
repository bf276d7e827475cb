import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { importHfDaily } from '../../src/ingest/ingest.ts';
import { upsertPapers } from '../../src/papers/papers.repo.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { forEachDialect } from '../support/db.ts';
import { makePaper } from '../support/factories.ts';

/** What a database error would show: engine names, parser complaints, SQL. */
const LEAK =
  /SQLITE_|sqlite3|fts5:|syntax error|tsquery|at or near|no such column|unterminated string|internal_error/i;
const FIXTURES = new URL('../fixtures/hf-daily/', import.meta.url).pathname;

forEachDialect('search pages and API', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    await importHfDaily(t.deps, FIXTURES);
    await upsertPapers(
      t.db,
      [
        makePaper({
          arxivId: '2601.20001',
          title: 'Zebrafish <script>alert(1)</script> segmentation',
          abstract: 'We segment zebrafish embryos. <img src=x onerror=alert(2)> & more zebrafish.',
        }),
      ],
      { source: 'test', now: new Date('2026-08-21T00:00:00Z') },
    );
  });
  afterAll(async () => {
    await t.close();
  });

  it('shows results with the matched words marked', async () => {
    const res = await t.app.inject('/search?q=long%20video%20generation');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('LongLive: Real-time Interactive Long Video Generation');
    expect(res.body).toMatch(/<mark>[Vv]ideo<\/mark>/);
    expect(res.body).toContain('value="long video generation"');
    expect(res.body).toContain('semantic search is off');
  });

  it('answers a repeated anonymous search from the page cache until papers change', async () => {
    const url = '/search?q=zebrafish%20embryos';
    const first = await t.app.inject(url);
    const again = await t.app.inject(url);
    expect(again.headers['x-page-cache']).toBe('hit');
    expect(again.body).toBe(first.body);
    expect(again.headers['cache-control']).toContain('public');
    await upsertPapers(
      t.db,
      [makePaper({ arxivId: '2601.20002', title: 'Zebrafish embryos in a second study' })],
      { source: 'test', now: new Date('2026-08-21T00:00:00Z') },
    );
    const after = await t.app.inject(url);
    expect(after.headers['x-page-cache']).toBe('miss');
    expect(after.body).toContain('Zebrafish embryos in a second study');
  });

  it('escapes titles and abstracts, marking only text', async () => {
    const res = await t.app.inject('/search?q=zebrafish');
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('<script>alert(1)');
    expect(res.body).not.toContain('<img src=x');
    expect(res.body).toContain('&lt;img src=x onerror=alert(2)>');
    expect(res.body).toContain('<mark>zebrafish</mark>');
  });

  it('corrects a misspelt word to a real one and links the search as typed', async () => {
    const res = await t.app.inject('/search?q=interactve%20video');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Showing results for <strong>interactive video</strong>');
    expect(res.body).toContain('href="/search?q=interactve+video&amp;literal=1"');
    expect(res.body).toContain('LongLive');
    const literal = await t.app.inject('/search?q=interactve%20video&literal=1');
    expect(literal.body).not.toContain('Showing results for');
    const api = await t.app.inject('/api/papers/search?q=interactve%20video');
    expect(api.statusCode).toBe(200);
    expect(api.headers['x-search-corrected-query']).toBe('interactive%20video');
    const apiLiteral = await t.app.inject('/api/papers/search?q=interactve%20video&literal=1');
    expect(apiLiteral.headers['x-search-corrected-query']).toBeUndefined();
  });

  it('searches a pasted abstract by its distinctive words instead of cutting it', async () => {
    const day = JSON.parse(readFileSync(`${FIXTURES}2025-09-29.json`, 'utf8')) as {
      paper: { id: string; summary: string };
    }[];
    const text = day.find((d) => d.paper.id === '2509.22622')!.paper.summary.slice(0, 1500);
    expect(text.split(/\s+/).length).toBeGreaterThan(32);
    const res = await t.app.inject(`/search?q=${encodeURIComponent(text)}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('papers like this text');
    expect(res.body).toContain('data-arxiv-id="2509.22622"');
  });

  it('goes straight to the paper for an arXiv id or URL', async () => {
    for (const q of [
      '2509.22622',
      'https://arxiv.org/abs/2509.22622v2',
      'https://huggingface.co/papers/2509.22622',
    ]) {
      const res = await t.app.inject(`/search?q=${encodeURIComponent(q)}`);
      expect(res.statusCode).toBe(302);
      expect(res.headers.location).toBe('/papers/2509.22622');
    }
  });

  it('an empty query shows the form and the syntax help', async () => {
    const res = await t.app.inject('/search');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Search syntax');
  });

  it('serves the results fragment for search as you type, prefix-matching the last word', async () => {
    const res = await t.app.inject('/search/results?q=interactive%20long%20vid');
    expect(res.statusCode).toBe(200);
    expect(res.body.startsWith('<!doctype')).toBe(false);
    expect(res.body).toContain('LongLive');
  });

  it('drops a short list under the header box while typing on other pages', async () => {
    const res = await t.app.inject('/search/results?q=interactive%20long%20vid&compact=1');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('href="/papers/2509.22622"');
    expect(res.body).toContain('All results for');
    expect(res.body).not.toContain('<mark>');
  });

  it('shows similar papers on a paper page, by shared words when there are no embeddings', async () => {
    const res = await t.app.inject('/papers/2509.22622');
    expect(res.statusCode).toBe(200);
    const section = res.body.slice(res.body.indexOf('id="similar-h"'));
    expect(section).toContain('Similar papers');
    expect(section).toContain('Sharing the most distinctive words');
    const links = [...section.matchAll(/href="\/papers\/([^"]+)"/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThan(0);
    expect(links).not.toContain('2509.22622');
  });

  it('answers the HF-compatible JSON API with a relevance score', async () => {
    const res = await t.app.inject('/api/papers/search?q=long%20video%20generation&limit=3');
    expect(res.statusCode).toBe(200);
    const body = res.json() as Array<{
      paper: { id: string; authors: { name: string }[] };
      score: number;
    }>;
    expect(body.length).toBeGreaterThan(0);
    expect(body.length).toBeLessThanOrEqual(3);
    expect(body[0]).toMatchObject({
      paper: {
        id: '2509.22622',
        title: expect.any(String),
        summary: expect.any(String),
        upvotes: expect.any(Number),
      },
      title: expect.stringContaining('LongLive'),
      publishedAt: expect.any(String),
      numComments: expect.any(Number),
      score: expect.any(Number),
    });
    expect(body[0]?.paper.authors[0]).toMatchObject({ name: expect.any(String) });
    const scores = body.map((b) => b.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('validates API input as HF does', async () => {
    expect((await t.app.inject(`/api/papers/search?q=${'a'.repeat(251)}`)).statusCode).toBe(400);
    expect((await t.app.inject('/api/papers/search?q=video&limit=121')).statusCode).toBe(400);
    // No query is a search for everything (huggingface_hub's list_papers()): the newest papers.
    const all = await t.app.inject('/api/papers/search?limit=3');
    expect(all.statusCode).toBe(200);
    expect(all.json()).toHaveLength(3);
    const ok = await t.app.inject('/api/papers/search?q=video&limit=120');
    expect(ok.statusCode).toBe(200);
  });

  it('never answers a hostile query with a 500 or a database message', async () => {
    const hostile = [
      'NEAR(video generation, 2)',
      'title:video OR abstract:*',
      '^video',
      'vid*',
      '"unbalanced',
      `'; DROP TABLE papers; --`,
      '" OR 1=1 --',
      '%00video',
      '\u0007\u001b[31mvideo',
      'x'.repeat(10_000),
      '视频生成 video مرحبا видео',
      'author:" cat:"" year:99999',
      '!! & | <-> :*',
      '\\',
    ];
    for (const q of hostile) {
      for (const url of [
        `/search?q=${encodeURIComponent(q)}`,
        `/search/results?q=${encodeURIComponent(q)}`,
      ]) {
        const res = await t.app.inject(url);
        expect([200, 400], `${url}`).toContain(res.statusCode);
        expect(res.body).not.toMatch(LEAK);
      }
      const api = await t.app.inject(`/api/papers/search?q=${encodeURIComponent(q.slice(0, 250))}`);
      expect([200, 400]).toContain(api.statusCode);
      expect(api.body).not.toMatch(LEAK);
    }
    expect((await t.app.inject('/search?q=video')).statusCode).toBe(200);
  });
});
