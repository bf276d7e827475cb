import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findUserByEmail, setUserStatus } from '../../src/community/users.repo.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { linkFromOutbox, signInByEmail, TestClient } from '../support/client.ts';
import { forEachDialect } from '../support/db.ts';

function outboxCount(t: TestApp) {
  const dir = path.join(t.deps.config.PAPERBOY_DATA_DIR, 'outbox');
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.eml')).length : 0;
}

async function mailTexts(t: TestApp, to: string): Promise<string[]> {
  const { simpleParser } = await import('mailparser');
  const dir = path.join(t.deps.config.PAPERBOY_DATA_DIR, 'outbox');
  const mails = await Promise.all(
    fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.eml'))
      .map((f) => simpleParser(fs.readFileSync(path.join(dir, f)))),
  );
  return mails.filter((m) => !Array.isArray(m.to) && m.to?.text === to).map((m) => m.text ?? '');
}

async function tokenCount(t: TestApp) {
  const r = await t.db.kysely
    .selectFrom('login_tokens')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

forEachDialect('sign-in by emailed link', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  it('a new address gets a link; using it creates the account, signs in and asks for a name', async () => {
    const c = new TestClient(t.app);
    const res = await signInByEmail(t, c, 'Ada.Lovelace@Example.org'.toLowerCase());
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/settings?welcome=1');
    const cookie = res.cookies.find((k) => k.name === 'pb_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(cookie.secure).toBeFalsy();
    const settings = await c.get('/settings?welcome=1');
    expect(settings.statusCode).toBe(200);
    expect(settings.body).toContain('value="ada-lovelace"');
    const saved = await c.post('/settings/profile', { handle: 'ada', display_name: 'Ada Lovelace' });
    expect(saved.headers.location).toBe('/settings?saved=1');
    expect((await findUserByEmail(t.db, 'ada.lovelace@example.org'))?.handle).toBe('ada');
    // The session is stored hashed: the cookie value is nowhere in the database.
    const rows = await t.db.kysely.selectFrom('sessions').select('id_hash').execute();
    expect(rows.some((r) => r.id_hash === cookie.value)).toBe(false);
  });

  it('the same answer for known, unknown and suspended addresses', async () => {
    const c = new TestClient(t.app);
    await signInByEmail(t, c, 'known@example.org');
    const suspended = (await findUserByEmail(t.db, 'known@example.org'))!;
    const anon = new TestClient(t.app, '10.0.0.9');
    const known = await anon.post('/login', { email: 'known@example.org' });
    const unknown = await anon.post('/login', { email: 'nobody@example.org' });
    expect(known.statusCode).toBe(200);
    expect(unknown.statusCode).toBe(200);
    const strip = (s: string) =>
      s.replace(/known@example\.org|nobody@example\.org/g, 'X').replace(/value="[^"]+"/g, '');
    expect(strip(known.body)).toBe(strip(unknown.body));
    await setUserStatus(t.db, suspended.id, 'suspended');
    const s = await anon.post('/login', { email: 'known@example.org' });
    expect(strip(s.body)).toBe(strip(known.body));
    // but no link was sent: the suspended account's owner is told instead
    const texts = await mailTexts(t, 'known@example.org');
    expect(texts.filter((m) => m.includes('/login/verify'))).toHaveLength(2);
    expect(texts.filter((m) => m.includes('account is suspended and cannot sign in'))).toHaveLength(1);
  });

  it('every address costs the same work, so timing does not reveal a suspended account', async () => {
    await signInByEmail(t, new TestClient(t.app), 'timing-suspended@example.org');
    const member = (await findUserByEmail(t.db, 'timing-suspended@example.org'))!;
    await signInByEmail(t, new TestClient(t.app), 'timing-active@example.org');
    await setUserStatus(t.db, member.id, 'suspended');
    const anon = new TestClient(t.app, '10.0.0.10');
    for (const email of [
      'timing-active@example.org',
      'timing-unknown@example.org',
      'timing-suspended@example.org',
    ]) {
      const mails = outboxCount(t);
      const tokens = await tokenCount(t);
      expect((await anon.post('/login', { email })).statusCode).toBe(200);
      // one stored token and one email each, whoever the address belongs to
      expect([email, outboxCount(t) - mails, (await tokenCount(t)) - tokens]).toEqual([email, 1, 1]);
    }
  });

  it('links are single-use, expire after 15 minutes, and tampering is refused', async () => {
    const c = new TestClient(t.app);
    await c.post('/login', { email: 'once@example.org' });
    const link = new URL((await linkFromOutbox(t, 'once@example.org'))!);
    const token = link.searchParams.get('token')!;
    expect((await c.post('/login/verify', { token })).statusCode).toBe(303);

    const other = new TestClient(t.app);
    const reuse = await other.post('/login/verify', { token });
    expect(reuse.statusCode).toBe(400);
    expect(reuse.body).toContain('already been used');
    expect(reuse.cookies.find((k) => k.name === 'pb_session')).toBeUndefined();

    await c.post('/login', { email: 'late@example.org' });
    const late = new URL((await linkFromOutbox(t, 'late@example.org'))!).searchParams.get('token')!;
    t.clock.advance(15 * 60_000 + 1000);
    const expired = await other.post('/login/verify', { token: late });
    expect(expired.statusCode).toBe(400);
    expect(expired.body).toContain('expired');

    await c.post('/login', { email: 'tamper@example.org' });
    const good = new URL((await linkFromOutbox(t, 'tamper@example.org'))!).searchParams.get('token')!;
    const flipped = `${good.slice(0, -1)}${good.endsWith('A') ? 'B' : 'A'}`;
    for (const bad of [flipped, `${good}x`, '', 'x'.repeat(43)]) {
      const res = await other.post('/login/verify', { token: bad });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('not valid');
    }
    // The untampered link still works once.
    expect((await other.post('/login/verify', { token: good })).statusCode).toBe(303);
    expect((await other.get('/settings')).statusCode).toBe(200);
  });

  it('sign out ends this session; sign out everywhere ends them all', async () => {
    const a = new TestClient(t.app);
    const b = new TestClient(t.app);
    await signInByEmail(t, a, 'two@example.org');
    await signInByEmail(t, b, 'two@example.org');
    expect((await a.get('/settings')).body).toContain('signed in on 2 devices');
    await a.post('/logout');
    expect((await a.get('/settings')).statusCode).toBe(303);
    expect((await b.get('/settings')).statusCode).toBe(200);
    await signInByEmail(t, a, 'two@example.org');
    await b.post('/logout/everywhere');
    expect((await a.get('/settings')).statusCode).toBe(303);
    expect((await b.get('/settings')).statusCode).toBe(303);
  });
});

describe('sign-in rate limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite', {
      env: { RATE_LIMIT_SIGNIN_EMAIL: '2/1h', RATE_LIMIT_SIGNIN_IP: '4/1h' },
    });
  });
  afterAll(async () => t.close());

  it('per email and per IP: 429 with Retry-After, then recover after the window', async () => {
    const c = new TestClient(t.app, '192.0.2.1');
    expect((await c.post('/login', { email: 'a@example.org' })).statusCode).toBe(200);
    expect((await c.post('/login', { email: 'a@example.org' })).statusCode).toBe(200);
    const perEmail = await c.post('/login', { email: 'a@example.org' });
    expect(perEmail.statusCode).toBe(429);
    expect(perEmail.headers['retry-after']).toBe('3600');
    expect(perEmail.body).toContain('Too many sign-in links');
    // Another address from the same network still works until the IP limit…
    expect((await c.post('/login', { email: 'b@example.org' })).statusCode).toBe(200);
    const perIp = await c.post('/login', { email: 'c@example.org' });
    expect(perIp.statusCode).toBe(429);
    // …while another network is unaffected.
    expect(
      (await new TestClient(t.app, '198.51.100.7').post('/login', { email: 'd@example.org' })).statusCode,
    ).toBe(200);
    t.clock.advance(3_600_000);
    expect((await c.post('/login', { email: 'a@example.org' })).statusCode).toBe(200);
  });
});
