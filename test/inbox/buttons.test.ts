/**
 * Save and Follow buttons: on every card and on author, category, member and search pages,
 * as plain forms (anonymous readers get a sign-in link, so their pages stay identical), whose
 * state the signed-in member sees; the same forms answer JSON for the in-place client.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { importBatch } from '../../src/papers/papers.repo.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { signedInClient, type TestClient } from '../support/client.ts';
import { forEachDialect } from '../support/db.ts';
import { makePaper } from '../support/factories.ts';

forEachDialect('save and follow buttons', (dialect) => {
  let t: TestApp;
  let c: TestClient;
  const papers = [1, 2].map((i) =>
    makePaper({
      title: `Sparse attention ${i}`,
      authors: [{ name: 'Ada Lovelace' }],
      categories: ['cs.CL'],
      publishedAt: `2026-08-2${i}T10:00:00.000Z`,
    }),
  );
  const id = (i: number) => papers[i]!.arxivId;
  beforeAll(async () => {
    t = await createTestApp(dialect, { now: '2026-08-23T10:00:00.000Z' });
    await importBatch(t.db, papers, [], { source: 'test', now: t.clock.now() });
    c = await signedInClient(t, 'ada@example.org');
    await signedInClient(t, 'bob@example.org');
  });
  afterAll(() => t.close());

  const pressed = (html: string, action: string) =>
    [...html.matchAll(new RegExp(`action="${action}"[\\s\\S]*?aria-pressed="(true|false)"`, 'g'))].map(
      (m) => m[1],
    );

  it('anonymous pages offer sign-in links, identical for everyone', async () => {
    const a = await t.app.inject('/authors/Ada%20Lovelace');
    const b = await t.app.inject('/authors/Ada%20Lovelace');
    expect(a.body).toBe(b.body);
    expect(a.body).toContain('title="Sign in to follow"');
    expect(a.body).toContain('title="Sign in to save papers"');
    expect(a.body).not.toContain('action="/inbox/');
  });

  it('a member follows from author, category, member and search pages, and sees it', async () => {
    const pages: [string, string, string][] = [
      ['/authors/Ada%20Lovelace', 'author', 'Ada Lovelace'],
      ['/categories/cs.CL', 'category', 'cs.CL'],
      ['/users/bob', 'user', 'bob'],
      ['/search?q=sparse%20attention', 'query', 'sparse attention'],
    ];
    for (const [page, kind, value] of pages) {
      expect(pressed((await c.get(page)).body, '/inbox/follow'), page).toEqual(['false']);
      const res = await c.post('/inbox/follow', { kind, value, action: 'follow', next: page });
      expect(res.statusCode, page).toBe(303);
      expect(res.headers.location).toBe(page);
      const after = (await c.get(page)).body;
      expect(pressed(after, '/inbox/follow'), page).toEqual(['true']);
      expect(after).toContain('name="action" value="unfollow"');
    }
    const follows = (await c.get('/api/me/follows')).json() as { kind: string }[];
    expect(follows.map((f) => f.kind).sort()).toEqual(['author', 'category', 'query', 'user']);
  });

  it('Save is one click on every card, in place with JSON, and its state shows', async () => {
    const page = '/categories/cs.CL';
    expect(pressed((await c.get(page)).body, '/inbox/save')).toEqual(['false', 'false']);
    const res = await c.post('/inbox/save', { paper: id(0), action: 'save' }, { accept: 'application/json' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ arxivId: id(0), saved: true });
    // Newest first: paper 2, then paper 1 (saved).
    expect(pressed((await c.get(page)).body, '/inbox/save')).toEqual(['false', 'true']);
    expect((await c.get(`/papers/${id(0)}`)).body).toContain('Saved ✓');
    await c.post('/inbox/save', { paper: id(0), action: 'unsave' }, { accept: 'application/json' });
    expect(pressed((await c.get(page)).body, '/inbox/save')).toEqual(['false', 'false']);
    // Another member's buttons know nothing of it.
    const bob = await signedInClient(t, 'bob@example.org');
    await c.post('/inbox/save', { paper: id(1), action: 'save' });
    expect(pressed((await bob.get(page)).body, '/inbox/save')).toEqual(['false', 'false']);
  });

  it('personal lists dim read papers, hide them on request, and drop hidden ones', async () => {
    await c.post('/inbox/mark', { paper: id(1), mark: 'read', on: '1' });
    const list = (await c.get('/following')).body;
    expect(list).toMatch(new RegExp(`<li class="personal read" data-arxiv-id="${id(1)}"`));
    expect(list).toContain('Mark unread');
    expect((await c.get('/following?hideRead=1')).body).not.toContain(`data-arxiv-id="${id(1)}"`);
    await c.post('/inbox/mark', { paper: id(0), mark: 'hidden', on: '1' });
    const after = (await c.get('/following')).body;
    expect(after).not.toContain(`data-arxiv-id="${id(0)}"`);
    expect(after).toContain('<strong>Why:</strong> author: Ada Lovelace');
  });

  it('the private feeds page makes a secret feed address, shown once, that stops working when revoked', async () => {
    expect((await t.app.inject('/me/feeds')).statusCode).toBe(303);
    const made = await c.post('/me/feeds');
    expect(made.headers['cache-control']).toBe('private, no-store');
    const url = /<code>(http:\/\/paperboy\.test\/me\/feeds\/pf_[\w-]+\/following\.rss)<\/code>/.exec(
      made.body,
    )?.[1];
    expect(url).toBeDefined();
    const path = new URL(url!).pathname;
    const feed = await t.app.inject(path);
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['cache-control']).toBe('private, no-store');
    expect(feed.body).toContain('<rss');
    expect((await c.get('/me/feeds')).body).not.toContain(path);
    expect((await c.post('/me/feeds/revoke')).statusCode).toBe(303);
    expect((await t.app.inject(path)).statusCode).toBe(404);
  });
});
