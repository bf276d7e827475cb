/** People imported from HF daily papers live in their own namespace, never merged with members. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findUserByHandle } from '../../src/community/users.repo.ts';
import { parseHfDaily } from '../../src/ingest/hf-daily.ts';
import { importBatch } from '../../src/papers/papers.repo.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { signedInClient } from '../support/client.ts';
import { forEachDialect } from '../support/db.ts';

const item = (id: string, user: string) => ({
  paper: {
    id,
    authors: [{ name: 'A. Author' }],
    publishedAt: '2026-08-20T00:00:00.000Z',
    submittedOnDailyAt: '2026-08-21T08:00:00.000Z',
    title: `Paper ${id}`,
    summary: 'Abstract.',
    upvotes: 3,
  },
  submittedBy: { name: user, fullname: `Full ${user}`, avatarUrl: '/avatars/x.png' },
});

forEachDialect('HF import namespace', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    // A local member whose handle an HF submitter also uses.
    const ada = await signedInClient(t, 'ada@example.org');
    await ada.post('/settings/profile', { handle: 'ada', display_name: 'Ada (local)' });
    const json = JSON.stringify([
      item('2608.00001', 'admin'),
      item('2608.00002', '../../settings'),
      item('2608.00003', '"><script>alert(1)</script>'),
      item('2608.00004', 'ada'),
    ]);
    const parsed = parseHfDaily(json, 'test.json', '2026-08-21');
    await importBatch(t.db, parsed.papers, parsed.entries, { source: 'hf-daily', now: t.clock.now() });
  });
  afterAll(async () => t.close());

  it('creates no local account from a submitter string, and drops names that are not HF user names', async () => {
    expect(await findUserByHandle(t.db, 'admin')).toBeNull();
    const handles = (await t.db.kysely.selectFrom('users').select('handle').orderBy('handle').execute()).map(
      (r) => r.handle,
    );
    expect(handles).toEqual(['ada', 'hf:ada', 'hf:admin']);
    const page = await t.app.inject('/papers/2608.00002');
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('settings"');
    expect((await t.app.inject('/papers/2608.00003')).body).not.toContain('<script>alert(1)');
  });

  it('never attaches imported entries to a local account with the same handle', async () => {
    const profile = await t.app.inject('/users/ada');
    expect(profile.body).not.toContain('Paper 2608.00004');
    const page = (await t.app.inject('/papers/2608.00004')).body;
    expect(page).toContain('href="https://huggingface.co/ada"');
    expect(page).toContain('(Hugging Face)');
    expect(page).not.toContain('href="/users/ada"');
  });

  it('the HF-compatible API shows imported users by their HF name', async () => {
    const res = await t.app.inject('/api/daily_papers?submitter=hf%3Aada');
    const items = res.json() as { paper: { id: string }; submittedBy: { name: string } }[];
    expect(items.map((i) => [i.paper.id, i.submittedBy.name])).toEqual([['2608.00004', 'ada']]);
  });
});
