import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOrCreateUserByEmail } from '../../src/community/users.repo.ts';
import { countVotes, setVote } from '../../src/community/votes.repo.ts';
import { importBatch } from '../../src/papers/papers.repo.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { signedInClient, TestClient } from '../support/client.ts';
import { forEachDialect } from '../support/db.ts';
import { makePaper } from '../support/factories.ts';

async function paperRow(t: TestApp, arxivId: string) {
  return t.db.kysely
    .selectFrom('papers')
    .select(['id', 'upvotes', 'imported_upvotes'])
    .where('arxiv_id', '=', arxivId)
    .executeTakeFirstOrThrow();
}

/** A new paper featured on 2026-08-21 with `importedUpvotes` counted before import. */
async function featuredPaper(t: TestApp, importedUpvotes: number) {
  const p = makePaper({ importedUpvotes });
  await importBatch(
    t.db,
    [p],
    [{ arxivId: p.arxivId, feedDate: '2026-08-21', submittedAt: '2026-08-21T08:00:00.000Z' }],
    { source: 'test', now: t.clock.now() },
  );
  return p;
}

forEachDialect('votes', (dialect) => {
  let t: TestApp;
  const featured = makePaper({ importedUpvotes: 7 });
  const unfeatured = makePaper();
  beforeAll(async () => {
    t = await createTestApp(dialect);
    await importBatch(
      t.db,
      [featured, unfeatured],
      [{ arxivId: featured.arxivId, feedDate: '2026-08-21', submittedAt: '2026-08-21T08:00:00.000Z' }],
      { source: 'test', now: t.clock.now() },
    );
  });
  afterAll(async () => t.close());

  it('an upvote is a form POST that redirects back; again with action=down removes it', async () => {
    const c = await signedInClient(t, 'voter@example.org');
    const up = await c.post(
      '/votes',
      { paper: featured.arxivId, action: 'up' },
      { referer: 'http://paperboy.test/' },
    );
    expect(up.statusCode).toBe(303);
    expect(up.headers.location).toBe('/');
    expect((await paperRow(t, featured.arxivId)).upvotes).toBe(8);
    // Idempotent: a double submit does not count twice.
    await c.post('/votes', { paper: featured.arxivId, action: 'up' });
    expect((await paperRow(t, featured.arxivId)).upvotes).toBe(8);
    const page = await c.get(`/papers/${featured.arxivId}`);
    expect(page.body).toContain('aria-pressed="true"');
    expect(page.body).toContain('@voter');
    const down = await c.post(
      '/votes',
      { paper: featured.arxivId, action: 'down' },
      { accept: 'application/json' },
    );
    expect(down.json()).toEqual({ arxivId: featured.arxivId, upvotes: 7, voted: false });
  });

  it('anonymous votes are sent to sign in; papers not on the feed cannot be upvoted', async () => {
    const anon = new TestClient(t.app);
    const res = await anon.post('/votes', { paper: featured.arxivId, action: 'up' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(/^\/login\?next=/);
    const c = await signedInClient(t, 'voter2@example.org');
    const bad = await c.post(
      '/votes',
      { paper: unfeatured.arxivId, action: 'up' },
      { accept: 'application/json' },
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toContain('not featured');
    expect((await paperRow(t, unfeatured.arxivId)).upvotes).toBe(0);
  });

  it('a forged cross-site POST (no token, or a token from another browser) changes nothing', async () => {
    const victim = await signedInClient(t, 'victim@example.org');
    const attacker = await signedInClient(t, 'attacker@example.org');
    const foreignToken = await attacker.csrf();
    const before = (await paperRow(t, featured.arxivId)).upvotes;
    for (const _csrf of ['', 'forged', foreignToken]) {
      const res = await victim.post(
        '/votes',
        { paper: featured.arxivId, action: 'up', _csrf },
        { origin: 'https://evil.example' },
      );
      expect(res.statusCode).toBe(403);
      expect(res.body).toContain('nothing was changed');
    }
    const del = await victim.post('/settings/delete', { confirm: 'victim', _csrf: 'forged' });
    expect(del.statusCode).toBe(403);
    expect((await paperRow(t, featured.arxivId)).upvotes).toBe(before);
    const me = await victim.get('/settings');
    expect(me.statusCode).toBe(200);
  });

  it('50 users × 4 concurrent vote/unvote requests end with counts equal to the rows', async () => {
    const clients = await Promise.all(
      Array.from({ length: 50 }, (_, i) => signedInClient(t, `crowd${i}@example.org`)),
    );
    const tokens = await Promise.all(clients.map((c) => c.csrf()));
    // Each user sends up, down, up, up/down at random-but-seeded order: final state per user varies.
    const requests = clients.flatMap((c, i) =>
      ['up', 'down', 'up', i % 3 === 0 ? 'down' : 'up'].map((action) =>
        c.post('/votes', { paper: featured.arxivId, action, _csrf: tokens[i]! }),
      ),
    );
    const results = await Promise.all(requests);
    expect(results.every((r) => r.statusCode === 303)).toBe(true);
    const row = await paperRow(t, featured.arxivId);
    const rows = await countVotes(t.db, row.id);
    expect(row.upvotes).toBe(row.imported_upvotes + rows);
  });

  it('50 concurrent voters, each voting, repeating and un-voting in order, end with the exact count', async () => {
    const p = await featuredPaper(t, 11);
    const clients = await Promise.all(
      Array.from({ length: 50 }, (_, i) => signedInClient(t, `hot${i}@example.org`)),
    );
    const tokens = await Promise.all(clients.map((c) => c.csrf()));
    const json = { accept: 'application/json' };
    // Voters run at once; each one's requests in order, so its final state is known:
    // every third voter ends un-voted, the others voted (duplicates in between).
    const finalUp = (i: number) => i % 3 !== 0;
    const answers = await Promise.all(
      clients.map(async (c, i) => {
        const actions = ['up', 'up', 'down', 'down', 'up', finalUp(i) ? 'up' : 'down'];
        const statuses: number[] = [];
        for (const action of actions)
          statuses.push(
            (await c.post('/votes', { paper: p.arxivId, action, _csrf: tokens[i]! }, json)).statusCode,
          );
        return statuses;
      }),
    );
    expect(answers.flat().every((s) => s === 200)).toBe(true);
    const voters = clients.filter((_, i) => finalUp(i)).length;
    const row = await paperRow(t, p.arxivId);
    expect(await countVotes(t.db, row.id)).toBe(voters);
    expect(row.upvotes).toBe(11 + voters);
  });

  it('racing duplicate votes move the counter once per row changed: no lost or double delta', async () => {
    const p = await featuredPaper(t, 3);
    const { id: paperId } = await paperRow(t, p.arxivId);
    const users = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        findOrCreateUserByEmail(t.db, `race${i}@example.org`, t.clock.now()),
      ),
    );
    const now = t.clock.now();
    const all = (up: boolean, times: number) =>
      Promise.all(
        users.flatMap(({ user }) =>
          Array.from({ length: times }, () => setVote(t.db, { paperId, userId: user.id, up, now })),
        ),
      );
    // Three concurrent ups per member: one row each, so exactly +30 (a double delta gives +90).
    await all(true, 3);
    expect((await paperRow(t, p.arxivId)).upvotes).toBe(3 + 30);
    expect(await countVotes(t.db, paperId)).toBe(30);
    // Two concurrent downs per member: back to the imported count, never below it.
    await all(false, 2);
    expect((await paperRow(t, p.arxivId)).upvotes).toBe(3);
    expect(await countVotes(t.db, paperId)).toBe(0);
  });
});

describe('vote rate limit', () => {
  it('trips with 429 + Retry-After and recovers when the window passes', async () => {
    const t = await createTestApp('sqlite', { env: { RATE_LIMIT_VOTE: '3/1m' } });
    const p = makePaper();
    await importBatch(
      t.db,
      [p],
      [{ arxivId: p.arxivId, feedDate: '2026-08-21', submittedAt: '2026-08-21T08:00:00.000Z' }],
      {
        source: 'test',
        now: t.clock.now(),
      },
    );
    const c = await signedInClient(t, 'fast@example.org');
    const token = await c.csrf();
    for (let i = 0; i < 3; i++)
      expect((await c.post('/votes', { paper: p.arxivId, action: 'up', _csrf: token })).statusCode).toBe(303);
    const limited = await c.post('/votes', { paper: p.arxivId, action: 'down', _csrf: token });
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    t.clock.advance(60_000);
    expect((await c.post('/votes', { paper: p.arxivId, action: 'down', _csrf: token })).statusCode).toBe(303);
    await t.close();
  });
});
