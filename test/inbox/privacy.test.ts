/**
 * A member's lists and library are theirs alone: never shown to another member or to
 * anonymous readers, never stored in or served from the page cache, never in public
 * feeds or exports, never answered with a shareable ETag.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { importBatch } from '../../src/papers/papers.repo.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { signedInClient, type TestClient } from '../support/client.ts';
import { forEachDialect } from '../support/db.ts';
import { makePaper } from '../support/factories.ts';

forEachDialect('privacy of the research inbox', (dialect) => {
  let t: TestApp;
  let ada: TestClient;
  let bob: TestClient;
  const papers = [1, 2, 3].map((i) =>
    makePaper({
      title: `Retrieval augmented generation ${i}`,
      abstract: 'Retrieval augmented generation grounds language models in documents.',
      authors: [{ name: 'Ada Lovelace' }],
      categories: ['cs.CL'],
      publishedAt: `2026-08-2${i}T10:00:00.000Z`,
    }),
  );
  const SECRET_NOTE = 'ada-private-note-7f3';
  const SECRET_FOLDER = 'ada-private-folder-9c1';
  const PRIVATE = [SECRET_NOTE, SECRET_FOLDER, 'Why:', 'you saved', '>Saved ✓<', 'author: Ada Lovelace'];

  beforeAll(async () => {
    t = await createTestApp(dialect, { now: '2026-08-24T10:00:00.000Z' });
    await importBatch(t.db, papers, [], { source: 'test', now: t.clock.now() });
    ada = await signedInClient(t, 'ada@example.org');
    bob = await signedInClient(t, 'bob@example.org');
    await ada.post('/inbox/follow', { kind: 'author', value: 'Ada Lovelace' });
    await ada.post('/inbox/save', { paper: papers[0]!.arxivId, newFolder: SECRET_FOLDER });
    await ada.post('/inbox/note', { paper: papers[0]!.arxivId, note: SECRET_NOTE });
  });
  afterAll(() => t.close());

  const PUBLIC = [
    '/categories/cs.CL',
    '/authors/Ada%20Lovelace',
    `/papers/${papers[0]!.arxivId}`,
    '/feeds/categories/cs.CL.json',
    '/feeds/authors/Ada%20Lovelace.rss',
    '/api/lists/categories/cs.CL',
    '/exports/categories/cs.CL.bib',
    '/search?q=retrieval',
  ];

  it('the member sees their lists privately, and the page cache keeps none of them', async () => {
    // Anonymous visits fill the cache with the public pages first.
    for (const url of PUBLIC) await t.app.inject(url);
    const cached = t.app.pageCache.size;
    for (const url of [
      '/for-you',
      '/following',
      '/library',
      `/library?folder=1`,
      '/feeds/me/for-you.json',
      '/api/lists/me/library',
    ]) {
      const res = await ada.get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('private, no-store');
      expect(res.headers.etag, url).toBeUndefined();
      expect(res.headers['x-page-cache'], url).toBeUndefined();
    }
    expect((await ada.get('/library')).body).toContain(SECRET_NOTE);
    expect((await ada.get('/following')).body).toContain('author: Ada Lovelace');
    expect(t.app.pageCache.size).toBe(cached);
  });

  it('anonymous readers and public feeds, exports and pages show none of it, cached or not', async () => {
    for (const url of PUBLIC)
      for (let i = 0; i < 2; i++) {
        const res = await t.app.inject(url);
        for (const secret of PRIVATE) expect(res.body, `${url} (${i})`).not.toContain(secret);
      }
    for (const url of [
      '/for-you',
      '/following',
      '/library',
      '/api/lists/me/library',
      '/feeds/me/for-you.json',
      '/exports/me/library.bib',
    ]) {
      const res = await t.app.inject({ url, headers: { accept: 'application/json' } });
      expect([401, 303], url).toContain(res.statusCode);
      for (const secret of PRIVATE) expect(res.body, url).not.toContain(secret);
    }
  });

  it('another member sees only their own (empty) inbox', async () => {
    for (const url of [
      '/for-you',
      '/following',
      '/library',
      '/library?folder=unfiled',
      '/api/lists/me/library',
      '/api/me/library',
      '/feeds/me/following.json',
      '/exports/me/library.bib',
      ...PUBLIC,
    ]) {
      const res = await bob.get(url);
      expect(res.statusCode, url).toBeLessThan(400);
      for (const secret of [SECRET_NOTE, SECRET_FOLDER, 'you saved', '>Saved ✓<', 'author: Ada Lovelace'])
        expect(res.body, url).not.toContain(secret);
    }
    expect((await bob.get('/library?folder=1')).statusCode).toBe(404);
  });
});
