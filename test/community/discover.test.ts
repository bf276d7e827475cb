import { afterAll, beforeAll, expect, it } from 'vitest';
import { importBatch } from '../../src/papers/papers.repo.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { signedInClient } from '../support/client.ts';
import { forEachDialect } from '../support/db.ts';
import { makePaper } from '../support/factories.ts';

forEachDialect('trending and profiles', (dialect) => {
  let t: TestApp;
  const old = makePaper({ title: 'Old but loved', importedUpvotes: 40 });
  const fresh = makePaper({ title: 'Fresh and rising', importedUpvotes: 6 });
  const hidden = makePaper({ title: 'Hidden by moderators' });
  beforeAll(async () => {
    t = await createTestApp(dialect, { now: '2026-08-21T12:00:00.000Z' });
    await importBatch(
      t.db,
      [old, fresh, hidden],
      [
        { arxivId: old.arxivId, feedDate: '2026-08-19', submittedAt: '2026-08-19T10:00:00.000Z' },
        { arxivId: fresh.arxivId, feedDate: '2026-08-21', submittedAt: '2026-08-21T09:00:00.000Z' },
        { arxivId: hidden.arxivId, feedDate: '2026-08-21', submittedAt: '2026-08-21T11:00:00.000Z' },
      ],
      { source: 'test', now: t.clock.now() },
    );
    await t.db.kysely
      .updateTable('daily_entries')
      .set({ hidden: 1 })
      .where('submitted_at', '=', '2026-08-21T11:00:00.000Z')
      .execute();
  });
  afterAll(async () => t.close());

  it('ranks by decayed score, shows the formula, and exposes the components as JSON', async () => {
    const page = await t.app.inject('/papers/trending');
    expect(page.statusCode).toBe(200);
    expect(page.body.indexOf('Fresh and rising')).toBeLessThan(page.body.indexOf('Old but loved'));
    expect(page.body).not.toContain('Hidden by moderators');
    expect(page.body).toContain('hours since featured');
    const json = (
      await t.app.inject({ url: '/papers/trending', headers: { accept: 'application/json' } })
    ).json();
    expect(json.weights).toEqual({ gravity: 1.8, commentWeight: 0.5, ageOffsetHours: 2 });
    const first = json.papers[0];
    expect(first.arxivId).toBe(fresh.arxivId);
    expect(first.points).toBe(6);
    expect(first.ageHours).toBe(3);
    expect(first.score).toBeCloseTo(6 / 5 ** 1.8, 10);
  });

  it('a profile lists submissions, upvotes and comments', async () => {
    const c = await signedInClient(t, 'grace@example.org');
    await c.post('/votes', { paper: old.arxivId, action: 'up' });
    await c.post('/comments', { paper: fresh.arxivId, body: 'Loved the _ablation_' });
    await t.db.kysely
      .updateTable('daily_entries')
      .set({ submitted_by: c.user!.id })
      .where('submitted_at', '=', '2026-08-21T09:00:00.000Z')
      .execute();
    const res = await t.app.inject('/users/GRACE');
    expect(res.statusCode).toBe(200);
    const [submitted, upvoted, comments] = res.body.split(/<h2>/).slice(1);
    expect(submitted).toContain('Fresh and rising');
    expect(upvoted).toContain('Old but loved');
    expect(comments).toContain('<em>ablation</em>');
    expect((await t.app.inject('/users/nobody-here')).statusCode).toBe(404);
  });
});
