/** Deleting, suspending or signing out everywhere leaves nothing behind that still works or mails. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { setUserSuspended } from '../../src/community/moderation.ts';
import { createToken } from '../../src/community/tokens.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { signedInClient } from '../support/client.ts';
import { forEachDialect } from '../support/db.ts';

forEachDialect('what ends with an account', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  const withToken = (secret: string) =>
    t.app.inject({ url: '/api/papers/2601.00001/comments', headers: { authorization: `Bearer ${secret}` } });
  const count = async (table: 'subscriptions' | 'outbox' | 'mail_confirmations', email: string) =>
    Number(
      (
        await t.db.kysely
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('email', '=', email)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('deletion removes the digest subscription, alerts, pending confirmations, outbox rows and tokens', async () => {
    const c = await signedInClient(t, 'leaving@example.org');
    expect((await c.post('/digest/subscribe', { email: 'leaving@example.org' })).body).toContain(
      'You are subscribed',
    );
    await c.post('/digest/subscribe', { email: 'leaving@example.org', kind: 'alert', q: 'graphs' });
    const sub = await t.db.kysely
      .selectFrom('subscriptions')
      .select('id')
      .where('kind', '=', 'daily')
      .executeTakeFirstOrThrow();
    const edition = await t.db.kysely
      .insertInto('editions')
      .values({
        key: 'daily:2026-08-20',
        kind: 'daily',
        period: '2026-08-20',
        subject: 's',
        paper_ids: '[]',
        created_at: 'x',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db.kysely
      .insertInto('outbox')
      .values({
        edition_id: edition.id,
        subscription_id: sub.id,
        email: 'leaving@example.org',
        status: 'queued',
        attempts: 0,
        next_attempt_at: 'x',
        created_at: 'x',
      })
      .execute();
    const { secret } = await createToken(t.deps, c.user!.id, 'script');
    expect((await withToken(secret)).statusCode).not.toBe(401);

    const res = await c.post('/settings/delete', { confirm: c.user!.handle });
    expect(res.statusCode).toBe(303);
    expect(await count('subscriptions', 'leaving@example.org')).toBe(0);
    expect(await count('outbox', 'leaving@example.org')).toBe(0);
    expect(await count('mail_confirmations', 'leaving@example.org')).toBe(0);
    expect((await withToken(secret)).statusCode).toBe(401);
    const tokens = await t.db.kysely
      .selectFrom('api_tokens')
      .select('revoked_at')
      .where('user_id', '=', c.user!.id)
      .execute();
    expect(tokens.every((r) => r.revoked_at !== null)).toBe(true);
  });

  it('"sign out everywhere" can also revoke API tokens; suspension revokes them', async () => {
    const c = await signedInClient(t, 'tokens@example.org');
    const keep = await createToken(t.deps, c.user!.id, 'kept');
    await c.post('/logout/everywhere');
    expect((await withToken(keep.secret)).statusCode).not.toBe(401);

    const c2 = await signedInClient(t, 'tokens@example.org');
    await c2.post('/logout/everywhere', { revoke_tokens: '1' });
    expect((await withToken(keep.secret)).statusCode).toBe(401);

    const suspended = await signedInClient(t, 'suspended@example.org');
    const admin = await signedInClient(t, 'mod@example.org', { admin: true });
    const tok = await createToken(t.deps, suspended.user!.id, 'bot');
    await setUserSuspended(t.deps, admin.user!, suspended.user!.handle, true);
    const row = await t.db.kysely
      .selectFrom('api_tokens')
      .select('revoked_at')
      .where('id', '=', tok.token.id)
      .executeTakeFirstOrThrow();
    expect(row.revoked_at).not.toBeNull();
  });
});
