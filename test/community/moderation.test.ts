import { afterAll, beforeAll, expect, it } from 'vitest';
import { setAdminByEmail } from '../../src/community/moderation.ts';
import { importBatch } from '../../src/papers/papers.repo.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { signedInClient, signInByEmail, TestClient } from '../support/client.ts';
import { forEachDialect } from '../support/db.ts';
import { makePaper } from '../support/factories.ts';

forEachDialect('moderation', (dialect) => {
  let t: TestApp;
  const paper = makePaper({ title: 'A paper to moderate' });
  beforeAll(async () => {
    t = await createTestApp(dialect);
    await importBatch(
      t.db,
      [paper],
      [{ arxivId: paper.arxivId, feedDate: '2026-08-21', submittedAt: '2026-08-21T08:00:00.000Z' }],
      { source: 'test', now: t.clock.now() },
    );
  });
  afterAll(async () => t.close());

  it('admin grant (as the CLI does) lets an account moderate; others get 403', async () => {
    await setAdminByEmail(t.deps, 'mod@example.org', true);
    const mod = new TestClient(t.app);
    await signInByEmail(t, mod, 'mod@example.org');
    expect((await mod.get('/admin')).statusCode).toBe(200);
    const user = await signedInClient(t, 'user@example.org');
    expect((await user.get('/admin')).statusCode).toBe(403);
    const forbidden = await user.post('/admin/papers/hide', { paper: paper.arxivId, hide: '1' });
    expect(forbidden.statusCode).toBe(403);
    expect((await t.app.inject('/papers/date/2026-08-21')).body).toContain('A paper to moderate');
  });

  it('hides a paper, removes a flagged comment, suspends a member; every action is logged', async () => {
    const mod = await signedInClient(t, 'mod@example.org');
    const troll = await signedInClient(t, 'troll@example.org');
    const reader = await signedInClient(t, 'reader@example.org');
    const posted = await troll.post('/comments', { paper: paper.arxivId, body: 'Buy cheap pills' });
    const id = Number(/#comment-(\d+)/.exec(posted.headers.location!)![1]);
    await reader.post(`/comments/${id}/flag`, { reason: 'spam <b>link</b>' });
    const adminPage = (await mod.get('/admin')).body;
    expect(adminPage).toContain('Buy cheap pills');
    // The moderator sees why it was flagged, and by whom (escaped).
    expect(adminPage).toContain('@reader: spam &lt;b>link&lt;/b>');
    expect(adminPage).toContain('1 flag<');

    await mod.post(`/admin/comments/${id}/remove`, { reason: 'spam' });
    const page = await reader.get(`/papers/${paper.arxivId}`);
    expect(page.body).toContain('[removed by a moderator]');
    expect(page.body).not.toContain('Buy cheap pills');
    expect(page.body).toContain('0 comments');

    await mod.post(`/admin/users/troll/suspend`, { suspend: '1', reason: 'spam' });
    expect((await troll.get('/settings')).statusCode).toBe(303); // signed out everywhere

    await mod.post('/admin/papers/hide', { paper: paper.arxivId, hide: '1', reason: 'off-topic' });
    expect((await t.app.inject('/papers/date/2026-08-21')).body).not.toContain('A paper to moderate');

    const admin = await mod.get('/admin');
    for (const action of ['grant admin', 'remove comment', 'suspend user', 'hide paper'])
      expect(admin.body).toContain(action);
    expect(admin.body).toContain('off-topic');
  });

  it('the moderation log is append-only in the database itself', async () => {
    await expect(
      t.db.kysely.updateTable('moderation_log').set({ reason: 'edited' }).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(t.db.kysely.deleteFrom('moderation_log').execute()).rejects.toThrow(/append-only/);
    const n = await t.db.kysely.selectFrom('moderation_log').select('id').execute();
    expect(n.length).toBeGreaterThanOrEqual(4);
  });
});
