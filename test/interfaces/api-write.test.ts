/**
 * Writing through the API with a personal token created in settings: upvote, comment,
 * submit. Wrong and revoked tokens are refused; the secret is shown once and never logged.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { importBatch } from '../../src/papers/papers.repo.ts';
import { buildApp } from '../../src/web/app.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { signedInClient } from '../support/client.ts';
import { forEachDialect } from '../support/db.ts';
import { makePaper } from '../support/factories.ts';

forEachDialect('API writes with tokens', (dialect) => {
  let t: TestApp;
  const logs: string[] = [];
  const featured = makePaper({ importedUpvotes: 7 });
  const fresh = makePaper({ publishedAt: '2026-08-20T12:00:00.000Z' });
  beforeAll(async () => {
    const base = await createTestApp(dialect);
    // The same app, logging everything at trace level into `logs`.
    await base.app.close();
    const log = pino({ level: 'trace' }, { write: (s: string) => void logs.push(s) });
    const app = await buildApp({ ...base.deps, log });
    await app.ready();
    t = {
      ...base,
      app,
      deps: { ...base.deps, log },
      close: async () => {
        await app.close();
        await base.db.close();
      },
    };
    await importBatch(
      t.db,
      [featured, fresh],
      [{ arxivId: featured.arxivId, feedDate: '2026-08-21', submittedAt: '2026-08-21T08:00:00.000Z' }],
      { source: 'test', now: t.clock.now() },
    );
  });
  afterAll(() => t.close());

  const api = (method: 'GET' | 'POST' | 'DELETE', url: string, token?: string, body?: object) =>
    t.app.inject({
      method,
      url,
      headers: token ? { authorization: `Bearer ${token}` } : {},
      ...(body ? { payload: body } : {}),
    });

  it('creates a token in settings, shown once; the token votes, comments and submits', async () => {
    const c = await signedInClient(t, 'script@example.org');
    const created = await c.post('/settings/tokens', { name: 'lab bot' });
    expect(created.statusCode).toBe(200);
    expect(created.headers['cache-control']).toContain('no-store');
    const secret = /<code data-token[^>]*>(pb_[\w-]+)<\/code>/.exec(created.body)?.[1] ?? '';
    expect(secret).toMatch(/^pb_/);
    const list = await c.get('/settings/tokens');
    expect(list.body).toContain('lab bot');
    expect(list.body).not.toContain(secret);

    const up = await api('POST', `/api/papers/${featured.arxivId}/upvote`, secret);
    expect(up.statusCode).toBe(200);
    expect(up.json()).toEqual({ arxivId: featured.arxivId, upvotes: 8, voted: true });
    expect((await api('GET', `/api/papers/${featured.arxivId}`)).json().upvotes).toBe(8);
    const down = await api('DELETE', `/api/papers/${featured.arxivId}/upvote`, secret);
    expect(down.json()).toMatchObject({ upvotes: 7, voted: false });

    const comment = await api('POST', `/api/papers/${featured.arxivId}/comments`, secret, {
      body: 'Nice **result**',
    });
    expect(comment.statusCode).toBe(201);
    const comments = await api('GET', `/api/papers/${featured.arxivId}/comments`);
    expect(comments.statusCode).toBe(200);
    expect(comments.json()).toEqual([
      expect.objectContaining({
        id: comment.json().id,
        parentId: null,
        body: 'Nice **result**',
        author: { user: 'script', fullname: expect.any(String) },
      }),
    ]);
    expect((await api('GET', `/api/papers/${featured.arxivId}`)).json().numComments).toBe(1);

    const submitted = await api('POST', '/api/papers/submit', secret, { paper: fresh.arxivId });
    expect(submitted.statusCode).toBe(201);
    expect(submitted.json()).toMatchObject({ arxivId: fresh.arxivId, feedDate: '2026-08-21' });
    const again = await api('POST', '/api/papers/submit', secret, { paper: fresh.arxivId });
    expect(again.statusCode).toBe(409);

    // Revoked in settings: refused from then on.
    const id = /action="\/settings\/tokens\/(\d+)\/revoke"/.exec(list.body)![1];
    expect((await c.post(`/settings/tokens/${id}/revoke`, {})).statusCode).toBe(303);
    const revoked = await api('POST', `/api/papers/${featured.arxivId}/upvote`, secret);
    expect(revoked.statusCode).toBe(401);
    expect(revoked.json().code).toBe('unauthorized');

    expect(logs.join('\n')).not.toContain(secret.slice(3));
  });

  it('refuses writes without a token or with a wrong one, even on reads', async () => {
    expect((await api('POST', `/api/papers/${featured.arxivId}/upvote`)).statusCode).toBe(403);
    const wrong = await api('POST', `/api/papers/${featured.arxivId}/upvote`, 'pb_not-a-real-token');
    expect(wrong.statusCode).toBe(401);
    expect((await api('GET', '/api/daily_papers', 'pb_wrong')).statusCode).toBe(401);
    expect((await api('GET', '/api/papers/2301.99999/comments')).statusCode).toBe(404);
  });
});
