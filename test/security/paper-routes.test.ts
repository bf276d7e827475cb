/** Routes taking an arXiv id accept old-style ids with a raw slash; hidden papers take no new votes or comments. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { setPaperHidden } from '../../src/community/moderation.ts';
import { createToken } from '../../src/community/tokens.ts';
import { importBatch } from '../../src/papers/papers.repo.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { signedInClient } from '../support/client.ts';
import { forEachDialect } from '../support/db.ts';
import { makePaper } from '../support/factories.ts';

forEachDialect('paper routes', (dialect) => {
  let t: TestApp;
  let bearer: Record<string, string>;
  const old = makePaper({ arxivId: 'astro-ph/0601001' });
  const hidden = makePaper();
  beforeAll(async () => {
    t = await createTestApp(dialect);
    const at = '2026-08-21T08:00:00.000Z';
    await importBatch(
      t.db,
      [old, hidden],
      [old, hidden].map((p) => ({ arxivId: p.arxivId, feedDate: '2026-08-21', submittedAt: at })),
      { source: 'test', now: t.clock.now() },
    );
    const c = await signedInClient(t, 'api@example.org');
    bearer = { authorization: `Bearer ${(await createToken(t.deps, c.user!.id, 'script')).secret}` };
  });
  afterAll(async () => t.close());

  it('old-style ids work with a raw slash on comments and upvote, as with %2F', async () => {
    for (const id of ['astro-ph/0601001', 'astro-ph%2F0601001']) {
      const up = await t.app.inject({ method: 'POST', url: `/api/papers/${id}/upvote`, headers: bearer });
      expect(up.statusCode, id).toBe(200);
      expect(up.json()).toMatchObject({ arxivId: 'astro-ph/0601001', voted: true });
      const post = await t.app.inject({
        method: 'POST',
        url: `/api/papers/${id}/comments`,
        headers: bearer,
        payload: { body: `via ${id}` },
      });
      expect(post.statusCode, id).toBe(201);
      const list = await t.app.inject(`/api/papers/${id}/comments`);
      expect(list.statusCode, id).toBe(200);
      expect((list.json() as { body: string }[]).map((c) => c.body)).toContain(`via ${id}`);
      const down = await t.app.inject({ method: 'DELETE', url: `/api/papers/${id}/upvote`, headers: bearer });
      expect(down.json()).toMatchObject({ voted: false });
    }
  });

  it('a hidden paper takes no new comments, and upvoting it says it is hidden', async () => {
    const admin = await signedInClient(t, 'mod@example.org', { admin: true });
    await setPaperHidden(t.deps, admin.user!, hidden.arxivId, true);
    const c = await signedInClient(t, 'reader@example.org');
    const comment = await c.post('/comments', { paper: hidden.arxivId, body: 'still here?' });
    expect(comment.statusCode).toBe(403);
    expect(comment.body).toContain('hidden');
    const up = await c.post(
      '/votes',
      { paper: hidden.arxivId, action: 'up' },
      { accept: 'application/json' },
    );
    expect(up.statusCode).toBe(403);
    expect(up.json().error).toMatch(/hidden from the feed by the moderators/);
    expect(up.json().error).not.toMatch(/Submit it/);
  });
});
