import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { postComment } from '../../src/community/comments.ts';
import {
  removeComment,
  setAdminByEmail,
  setPaperHidden,
  setUserSuspended,
} from '../../src/community/moderation.ts';
import { findUserByEmail } from '../../src/community/users.repo.ts';
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
    await reader.post(`/comments/${id}/flag`, { reason: 'spam' });
    expect((await mod.get('/admin')).body).toContain('Buy cheap pills');

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

  it('an action whose log write fails leaves nothing changed', async () => {
    const mod = (await findUserByEmail(t.db, 'mod@example.org'))!;
    const member = await signedInClient(t, 'member@example.org');
    const c = await postComment(t.deps, member.user!, { arxivId: paper.arxivId, body: 'A fine comment' });
    await setPaperHidden(t.deps, mod, paper.arxivId, false);
    const state = async () => ({
      hidden: (await t.db.kysely.selectFrom('daily_entries').select('hidden').execute()).map((r) => r.hidden),
      comment: (
        await t.db.kysely.selectFrom('comments').select('status').where('id', '=', c.id).execute()
      )[0],
      count: (await t.db.kysely.selectFrom('papers').select('comment_count').execute())[0],
      member: (await findUserByEmail(t.db, 'member@example.org'))?.status,
      sessions: (await t.db.kysely.selectFrom('sessions').select('id_hash').execute()).length,
      roles: await t.db.kysely.selectFrom('users').select(['handle', 'role']).orderBy('id').execute(),
      log: (await t.db.kysely.selectFrom('moderation_log').select('id').execute()).length,
    });
    const before = await state();
    // The log becomes unwritable, in the database itself.
    if (dialect === 'sqlite') {
      await sql`CREATE TRIGGER log_down BEFORE INSERT ON moderation_log BEGIN SELECT RAISE(ABORT, 'log unavailable'); END`.execute(
        t.db.kysely,
      );
    } else {
      await sql`CREATE FUNCTION log_down() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'log unavailable'; END $$ LANGUAGE plpgsql`.execute(
        t.db.kysely,
      );
      await sql`CREATE TRIGGER log_down BEFORE INSERT ON moderation_log FOR EACH ROW EXECUTE FUNCTION log_down()`.execute(
        t.db.kysely,
      );
    }
    try {
      await expect(setPaperHidden(t.deps, mod, paper.arxivId, true, 'x')).rejects.toThrow(/log unavailable/);
      await expect(removeComment(t.deps, mod, c.id, 'x')).rejects.toThrow(/log unavailable/);
      await expect(setUserSuspended(t.deps, mod, member.user!.handle, true, 'x')).rejects.toThrow(
        /log unavailable/,
      );
      await expect(setAdminByEmail(t.deps, 'member@example.org', true)).rejects.toThrow(/log unavailable/);
      expect(await state()).toEqual(before);
      expect(before.member).toBe('active');
      expect(before.comment).toEqual({ status: 'visible' });
    } finally {
      await sql`DROP TRIGGER log_down${sql.raw(dialect === 'postgres' ? ' ON moderation_log' : '')}`.execute(
        t.db.kysely,
      );
    }
    // With the log back, the same action goes through and is logged.
    await removeComment(t.deps, mod, c.id, 'spam');
    expect((await state()).log).toBe(before.log + 1);
  });
});
