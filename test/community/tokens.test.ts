/** Personal API tokens: shown once, stored hashed, revocable; wrong and revoked ones refused. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { authenticateToken, createToken, listTokens, revokeToken } from '../../src/community/tokens.ts';
import { fixedClock } from '../../src/shared/clock.ts';
import { createTestDb, forEachDialect, type TestDb } from '../support/db.ts';

forEachDialect('API tokens', (dialect) => {
  let db: TestDb;
  const clock = fixedClock('2026-08-22T07:00:00.000Z');
  let userId: number;
  beforeAll(async () => {
    db = await createTestDb(dialect);
    const u = await db.kysely
      .insertInto('users')
      .values({
        email: 'ada@example.org',
        handle: 'ada',
        display_name: 'Ada',
        avatar_url: null,
        role: 'user',
        status: 'active',
        is_demo: 0,
        created_at: clock.now().toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    userId = u.id;
  });
  afterAll(() => db.close());
  const deps = () => ({ db, clock });

  it('creates a token whose secret is returned once and stored only as a hash', async () => {
    const { secret, token } = await createToken(deps(), userId, 'laptop script');
    expect(secret).toMatch(/^pb_[\w-]{43}$/);
    expect(token.prefix).toBe(secret.slice(0, 9));
    const rows = await db.kysely.selectFrom('api_tokens').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(secret.slice(9));
    const listed = await listTokens(deps(), userId);
    expect(JSON.stringify(listed)).not.toContain(secret.slice(9));
    expect(listed[0]).toMatchObject({ name: 'laptop script', lastUsedAt: null, revokedAt: null });

    const owner = await authenticateToken(deps(), secret);
    expect(owner?.user.handle).toBe('ada');
    expect((await listTokens(deps(), userId))[0]!.lastUsedAt).toBe(clock.now().toISOString());
  });

  it('refuses wrong, malformed and revoked tokens, and tokens of suspended users', async () => {
    const { secret, token } = await createToken(deps(), userId, 'ci');
    expect(await authenticateToken(deps(), `${secret.slice(0, -1)}x`)).toBeNull();
    expect(await authenticateToken(deps(), 'not-a-token')).toBeNull();
    expect(await authenticateToken(deps(), '')).toBeNull();

    await db.kysely.updateTable('users').set({ status: 'suspended' }).where('id', '=', userId).execute();
    expect(await authenticateToken(deps(), secret)).toBeNull();
    await db.kysely.updateTable('users').set({ status: 'active' }).where('id', '=', userId).execute();
    expect(await authenticateToken(deps(), secret)).not.toBeNull();

    await revokeToken(deps(), userId, token.id);
    expect(await authenticateToken(deps(), secret)).toBeNull();
    await expect(revokeToken(deps(), userId, token.id)).rejects.toThrow(/No such active token/);
    await expect(createToken(deps(), userId, '  ')).rejects.toThrow(/Name the token/);
  });
});
