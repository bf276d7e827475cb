/** Typed text goes through one normalisation (src/shared/text.ts) wherever it is stored. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findUserByEmail } from '../../src/community/users.repo.ts';
import { importBatch } from '../../src/papers/papers.repo.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { linkFromOutbox, signedInClient, signInByEmail, TestClient } from '../support/client.ts';
import { forEachDialect } from '../support/db.ts';
import { makePaper } from '../support/factories.ts';

forEachDialect('text inputs are normalised and checked', (dialect) => {
  let t: TestApp;
  const paper = makePaper();
  beforeAll(async () => {
    t = await createTestApp(dialect);
    await importBatch(t.db, [paper], [], { source: 'test', now: t.clock.now() });
  });
  afterAll(async () => t.close());

  it('display names need a visible character; bidi overrides are stripped from names and handles', async () => {
    const c = await signedInClient(t, 'names@example.org');
    for (const invisible of ['\u200b\u200b\u200b', '\u3164', '\u2800 \u2800', '\u202e'])
      expect(
        (await c.post('/settings/profile', { handle: 'names', display_name: invisible })).statusCode,
      ).toBe(400);
    const ok = await c.post('/settings/profile', {
      handle: '\u202enames2',
      display_name: 'Ada\u202e Lovelace',
    });
    expect(ok.statusCode).toBe(303);
    const u = (await findUserByEmail(t.db, 'names@example.org'))!;
    expect(u.handle).toBe('names2');
    expect(u.displayName).toBe('Ada Lovelace');
  });

  it('comments with NUL, ANSI escapes or lone surrogates are refused; text is stored as NFC', async () => {
    const c = await signedInClient(t, 'commenter@example.org');
    for (const body of ['a\u0000b', 'red \u001b[31malert', 'half \ud83d pair']) {
      // JSON, because a form body cannot carry a lone surrogate (it arrives as U+FFFD).
      const csrf = await c.csrf();
      const res = await t.app.inject({
        method: 'POST',
        url: '/comments',
        headers: {
          cookie: c.cookieHeader(),
          'x-csrf-token': csrf,
          'sec-fetch-site': 'same-origin',
          'content-type': 'application/json',
        },
        payload: JSON.stringify({ paper: paper.arxivId, body }),
      });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
    const res = await c.post('/comments', { paper: paper.arxivId, body: 'Cafe\u0301\r\nsecond line' });
    expect(res.statusCode).toBe(303);
    const row = await t.db.kysely
      .selectFrom('comments')
      .select('body')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(row.body).toBe('Café\nsecond line');
  });

  it('an address with a trailing dot or another case in its domain is the same account', async () => {
    await signInByEmail(t, new TestClient(t.app), 'victim@example.com');
    const other = new TestClient(t.app, '10.0.0.2');
    expect((await other.post('/login', { email: 'victim@Example.COM.' })).statusCode).toBe(200);
    const link = new URL((await linkFromOutbox(t, 'victim@example.com'))!);
    const token = link.searchParams.get('token')!;
    expect((await other.post('/login/verify', { token })).headers.location).toBe('/');
    const n = await t.db.kysely
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('email', 'like', 'victim@%')
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(1);
  });
});
