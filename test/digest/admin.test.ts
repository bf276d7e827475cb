import { afterAll, beforeAll, expect, it } from 'vitest';
import { sendEdition } from '../../src/digest/send-edition.ts';
import { findSubscription } from '../../src/digest/subscriptions.repo.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { signedInClient } from '../support/client.ts';
import { forEachDialect } from '../support/db.ts';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.ts';
import { activeSubscriber, loadFixtures } from './helpers.ts';

forEachDialect('digest for accounts and admins', (dialect) => {
  let smtp: TestSmtpServer;
  let t: TestApp;

  beforeAll(async () => {
    smtp = await startSmtpServer({ reject: (rcpt) => (rcpt.startsWith('gone') ? 550 : undefined) });
    t = await createTestApp(dialect, { env: { SMTP_URL: smtp.url }, now: '2026-08-24T07:00:00.000Z' });
    await loadFixtures(t.deps);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('a signed-in reader subscribing their own address starts at once; another address still needs confirming', async () => {
    const c = await signedInClient(t, 'member@example.org');
    const page = await c.get('/digest');
    expect(page.body).toContain('value="member@example.org"');
    const own = await c.post('/digest/subscribe', { email: 'Member@Example.org', kind: 'weekly' });
    expect(own.statusCode).toBe(200);
    expect(own.body).toContain('the subscription starts now');
    const sub = await findSubscription(t.db, { email: 'member@example.org', kind: 'weekly', query: '' });
    expect(sub?.status).toBe('active');
    expect(sub?.user_id).toBe(c.user!.id);
    expect(smtp.received.filter((m) => m.envelopeTo.includes('member@example.org'))).toEqual([]);

    const other = await c.post('/digest/subscribe', { email: 'friend@example.org' });
    expect(other.body).toContain('Check your inbox');
    expect(
      (await findSubscription(t.db, { email: 'friend@example.org', kind: 'daily', query: '' }))?.status,
    ).toBe('pending');
  });

  it('shows administrators the delivery status of each edition, and nobody else', async () => {
    await activeSubscriber(t.deps, 'ok@example.org', 'daily');
    await activeSubscriber(t.deps, 'gone@example.org', 'daily');
    const r = await sendEdition(t.deps, { kind: 'daily', date: '2026-08-21' });
    expect(r.delivery).toMatchObject({ sent: 1, bounced: 1 });

    const anonymous = await t.app.inject('/admin/digest');
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toMatch(/^\/login/);
    const member = await signedInClient(t, 'member@example.org');
    expect((await member.get('/admin/digest')).statusCode).toBe(403);

    const admin = await signedInClient(t, 'admin@example.org', { admin: true });
    const res = await admin.get('/admin/digest');
    expect(res.statusCode).toBe(200);
    const row = /<tr data-edition="daily:2026-08-21">(.*?)<\/tr>/s.exec(res.body)?.[1] ?? '';
    const count = (c: string) => Number(new RegExp(`data-count="${c}">(\\d+)<`).exec(row)?.[1]);
    expect({
      sent: count('sent'),
      bounced: count('bounced'),
      queued: count('queued'),
      failed: count('failed'),
    }).toEqual({
      sent: 1,
      bounced: 1,
      queued: 0,
      failed: 0,
    });
    expect(res.body).toContain('gone@example.org');
    expect(res.body).toContain('href="/digest/preview/daily/2026-08-21"');
  });
});
