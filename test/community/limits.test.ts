/**
 * One rate limit per action, counted in the database inside the use case: a member's
 * vote and comment budgets hold whatever mix of form and API requests spends them, and
 * two app instances on one database (two processes behind a load balancer) share them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createToken } from '../../src/community/tokens.ts';
import { connect } from '../../src/db/connect.ts';
import { importBatch } from '../../src/papers/papers.repo.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { signedInClient, type TestClient } from '../support/client.ts';
import { createTestDb, forEachDialect } from '../support/db.ts';
import { makePaper } from '../support/factories.ts';

const env = { RATE_LIMIT_VOTE: '4/1m', RATE_LIMIT_COMMENT: '3/1m' };

forEachDialect('rate limits across entry points and app instances', (dialect) => {
  let a: TestApp;
  let b: TestApp;
  const paper = makePaper();
  beforeAll(async () => {
    // A database file (SQLite) or server database (PostgreSQL) that two app instances open
    // through their own connections, as two processes would.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paperboy-limits-'));
    const sqlitePath = path.join(dir, 'paperboy.db');
    const db = await createTestDb(dialect, { sqlitePath });
    a = await createTestApp(dialect, { db, env });
    const second = dialect === 'sqlite' ? connect({ sqlitePath }) : connect({ databaseUrl: db.url });
    b = await createTestApp(dialect, { db: second, env });
    await importBatch(
      a.db,
      [paper],
      [{ arxivId: paper.arxivId, feedDate: '2026-08-21', submittedAt: '2026-08-21T08:00:00.000Z' }],
      { source: 'test', now: a.clock.now() },
    );
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  async function member(email: string) {
    const form = await signedInClient(a, email);
    const { secret } = await createToken(a.deps, form.user!.id, 'script');
    const api = (t: TestApp, method: 'POST' | 'DELETE', url: string, payload?: object) =>
      t.app.inject({ method, url, headers: { authorization: `Bearer ${secret}` }, payload });
    return { form, api };
  }
  const formVote = async (c: TestClient, action: 'up' | 'down') =>
    (await c.post('/votes', { paper: paper.arxivId, action, _csrf: await c.csrf() })).statusCode;

  it('votes: form and API requests spend one budget', async () => {
    const { form, api } = await member('mixed-voter@example.org');
    const upvote = `/api/papers/${paper.arxivId}/upvote`;
    expect(await formVote(form, 'up')).toBe(303);
    expect((await api(a, 'DELETE', upvote)).statusCode).toBe(200);
    expect(await formVote(form, 'up')).toBe(303);
    expect((await api(a, 'DELETE', upvote)).statusCode).toBe(200);
    // The documented 4 per minute are spent, whichever door the next request uses.
    expect(await formVote(form, 'up')).toBe(429);
    const viaApi = await api(a, 'POST', upvote);
    expect(viaApi.statusCode).toBe(429);
    expect(Number(viaApi.headers['retry-after'])).toBeGreaterThan(0);
    expect(viaApi.json().error).toMatch(/at most 4 per minute/);
    a.clock.advance(60_000);
    b.clock.advance(60_000);
    expect((await api(a, 'POST', upvote)).statusCode).toBe(200);
  });

  it('comments: posts, edits and flags through form and API spend one budget', async () => {
    const { form, api } = await member('mixed-writer@example.org');
    const url = `/api/papers/${paper.arxivId}/comments`;
    const first = await api(a, 'POST', url, { body: 'First, by API' });
    expect(first.statusCode).toBe(201);
    const edited = await form.post(`/comments/${first.json().id}/edit`, { body: 'Edited by form' });
    expect(edited.statusCode).toBe(303);
    expect((await form.post('/comments', { paper: paper.arxivId, body: 'Second, by form' })).statusCode).toBe(
      303,
    );
    expect((await api(a, 'POST', url, { body: 'One too many' })).statusCode).toBe(429);
    expect((await form.post('/comments', { paper: paper.arxivId, body: 'One too many' })).statusCode).toBe(
      429,
    );
    const rows = await a.db.kysely
      .selectFrom('comments')
      .select('body')
      .where('body', '=', 'One too many')
      .execute();
    expect(rows).toEqual([]);
  });

  it('two app instances on one database share the limit', async () => {
    const { api } = await member('two-nodes@example.org');
    const upvote = `/api/papers/${paper.arxivId}/upvote`;
    const codes: number[] = [];
    // Alternate nodes: each alone would allow 4, together they allow 4.
    for (const t of [a, b, a, b, a, b]) codes.push((await api(t, 'POST', upvote)).statusCode);
    expect(codes).toEqual([200, 200, 200, 200, 429, 429]);
  });
});
