import { afterAll, beforeAll, expect, it } from 'vitest';
import { createToken } from '../../src/community/tokens.ts';
import { findOrCreateUserByEmail } from '../../src/community/users.repo.ts';
import { importBatch } from '../../src/papers/papers.repo.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { signedInClient, TestClient } from '../support/client.ts';
import { forEachDialect } from '../support/db.ts';
import { makePaper } from '../support/factories.ts';

forEachDialect('inbox API', (dialect) => {
  let t: TestApp;
  const papers = [
    makePaper({
      title: 'Speculative decoding with draft models',
      abstract: 'Speculative decoding makes inference fast.',
    }),
    makePaper({ title: 'Speculative decoding at scale', abstract: 'Speculative decoding for large models.' }),
    makePaper({
      title: 'Protein folding',
      abstract: 'Structure prediction of proteins.',
      authors: [{ name: 'Grace Hopper' }],
    }),
  ];
  let ada = '';
  let bob = '';
  beforeAll(async () => {
    t = await createTestApp(dialect);
    await importBatch(t.db, papers, [], { source: 'test', now: t.clock.now() });
    for (const email of ['ada@example.org', 'bob@example.org']) {
      const { user } = await findOrCreateUserByEmail(t.db, email, t.clock.now());
      const { secret } = await createToken(t.deps, user.id, 'script');
      if (email.startsWith('ada')) ada = secret;
      else bob = secret;
    }
  });
  afterAll(() => t.close());

  const api = (
    method: 'GET' | 'POST' | 'DELETE' | 'PUT' | 'PATCH',
    url: string,
    token?: string,
    body?: object,
  ) =>
    t.app.inject({
      method,
      url,
      headers: token ? { authorization: `Bearer ${token}` } : {},
      ...(body ? { payload: body } : {}),
    });
  const p = (i: number) => (papers[i] as { arxivId: string }).arxivId;

  it('a token follows, files papers into folders with notes, marks, and reads its lists — privately', async () => {
    expect(
      (await api('POST', '/api/me/follows', ada, { kind: 'author', value: 'Grace Hopper' })).statusCode,
    ).toBe(201);
    const folder = (await api('POST', '/api/me/folders', ada, { name: 'Reading group' })).json();
    expect(folder.name).toBe('Reading group');
    const saved = await api('POST', '/api/me/library', ada, { paper: p(0), folder: folder.id });
    expect(saved.statusCode).toBe(201);
    expect(saved.headers['cache-control']).toBe('private, no-store');
    expect((await api('PUT', `/api/me/library/${p(0)}`, ada, { note: 'check §3' })).statusCode).toBe(200);
    await api('POST', '/api/me/marks', ada, { paper: p(2), mark: 'read' });
    const lib = (await api('GET', `/api/me/library?folder=${folder.id}`, ada)).json();
    expect(lib.map((s: { id: string; note: string }) => [s.id, s.note])).toEqual([[p(0), 'check §3']]);

    const forYou = await api('GET', '/api/me/for-you?limit=10', ada);
    expect(forYou.headers['cache-control']).toBe('private, no-store');
    const items = forYou.json().items as { id: string; reasons: string[]; read: boolean }[];
    // The saved paper itself is not recommended again; the one like it is, saying why.
    expect(items.map((i) => i.id)).not.toContain(p(0));
    expect(items.find((i) => i.id === p(1))?.reasons.join(' ')).toContain('you saved');
    expect(items.find((i) => i.id === p(2))).toMatchObject({
      read: true,
      reasons: ['by an author you follow: Grace Hopper'],
    });
    const following = (await api('GET', '/api/me/following', ada)).json();
    expect(following.items.map((i: { id: string; reasons: string[] }) => [i.id, i.reasons])).toEqual([
      [p(2), ['author: Grace Hopper']],
    ]);
    expect((await api('GET', '/api/me/model', ada)).json().weights.length).toBeGreaterThan(0);

    // Bob sees none of it, cannot touch Ada's folder; anonymous readers are asked to sign in.
    expect((await api('GET', '/api/me/library', bob)).json()).toEqual([]);
    expect((await api('GET', '/api/me/follows', bob)).json()).toEqual([]);
    expect((await api('PATCH', `/api/me/folders/${folder.id}`, bob, { name: 'mine' })).statusCode).toBe(404);
    expect(
      (await api('GET', '/api/me/for-you', bob)).json().items.map((i: { reasons: string[] }) => i.reasons),
    ).not.toContainEqual(expect.arrayContaining([expect.stringContaining('you saved')]));
    for (const url of [
      '/api/me/library',
      '/api/me/for-you',
      '/api/me/following',
      '/api/me/follows',
      '/api/me/model',
    ])
      expect((await api('GET', url)).statusCode, url).toBe(401);
    expect((await api('GET', '/api/me/library', 'pb_wrong')).statusCode).toBe(401);

    expect((await api('DELETE', '/api/me/model', ada)).statusCode).toBe(204);
    expect((await api('GET', '/api/me/model', ada)).json()).toEqual({ model: null });
    expect((await api('DELETE', `/api/me/folders/${folder.id}`, ada)).statusCode).toBe(204);
    expect(
      (await api('GET', '/api/me/library?folder=unfiled', ada)).json().map((s: { id: string }) => s.id),
    ).toEqual([p(0)]);
    expect((await api('POST', '/api/me/follows', ada, { kind: 'planet', value: 'x' })).statusCode).toBe(400);
  });

  it('a folder exports as BibTeX and RIS; the secret feed URL works until revoked', async () => {
    const folder = (await api('POST', '/api/me/folders', bob, { name: 'Export me' })).json();
    await api('POST', '/api/me/library', bob, { paper: p(1), folder: folder.id });
    const bib = await api('GET', `/api/me/library.bib?folder=${folder.id}`, bob);
    expect(bib.headers['content-type']).toContain('application/x-bibtex');
    expect(bib.body).toContain(`eprint = {${p(1)}}`);
    expect(bib.body).not.toContain(p(0));
    expect((await api('GET', `/api/me/library.ris?folder=${folder.id}`, bob)).body).toContain('TY  - UNPB');
    expect((await api('GET', `/api/me/library.bib?folder=${folder.id}`, ada)).statusCode).toBe(404);

    await api('POST', '/api/me/follows', bob, { kind: 'query', value: 'speculative decoding' });
    const created = (await api('POST', '/api/me/feed-secret', bob)).json();
    expect(created.following).toMatch(/\/me\/feeds\/pf_[\w-]+\/following\.rss$/);
    const path = new URL(created.following).pathname;
    const feed = await t.app.inject({ method: 'GET', url: path });
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['cache-control']).toBe('private, no-store');
    expect(feed.body).toContain('Speculative decoding with draft models');
    expect(
      (await t.app.inject({ method: 'GET', url: path.replace('.rss', '.json') })).json().items.length,
    ).toBe(2);
    // A new secret replaces the old one; revoking ends both.
    const again = (await api('POST', '/api/me/feed-secret', bob)).json();
    expect((await t.app.inject({ method: 'GET', url: path })).statusCode).toBe(404);
    expect((await api('DELETE', '/api/me/feed-secret', bob)).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: new URL(again.forYou).pathname })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/me/feeds/pf_guess/for-you.rss' })).statusCode).toBe(
      404,
    );
  });

  it('form posts save into a new folder and mark read, redirecting back; pages stay uncached', async () => {
    const c = await signedInClient(t, 'carol@example.org');
    const res = await c.post('/inbox/save', { paper: p(1), newFolder: 'Decoding', next: '/' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/');
    const lib = await c.get('/api/me/library');
    expect(lib.json().map((s: { id: string }) => s.id)).toEqual([p(1)]);
    expect((await c.post('/inbox/mark', { paper: p(0), mark: 'read', on: '1' })).statusCode).toBe(303);
    const page = await c.get('/for-you');
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('private, no-store');
    expect(page.body).toContain('you saved');
    expect(page.body).toMatch(/class="personal read" data-arxiv-id="[^"]*"/);
    expect((await c.get('/for-you?hideRead=1')).body).not.toContain(`data-arxiv-id="${p(0)}"><article`);
    const anon = new TestClient(t.app);
    expect((await anon.post('/inbox/save', { paper: p(1) })).statusCode).not.toBe(200);
    const anonPage = await anon.get('/for-you');
    expect(anonPage.statusCode).toBe(303);
    expect(anonPage.body).not.toContain('you saved');
    expect((await anon.get('/following')).headers.location).toBe('/login?next=%2Ffollowing');
  });
});
