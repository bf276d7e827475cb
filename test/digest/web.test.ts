/**
 * The subscription flow over HTTP, with a real SMTP server: what arrives is parsed by
 * mailparser and its links are followed against the running app.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sendEdition } from '../../src/digest/send-edition.ts';
import { findSubscription } from '../../src/digest/subscriptions.repo.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { sameSiteForm } from '../support/client.ts';
import { forEachDialect } from '../support/db.ts';
import { type ReceivedMail, startSmtpServer, type TestSmtpServer } from '../support/smtp.ts';
import { linkIn, loadFixtures, rawHeader, unsubscribeHeaderUrl } from './helpers.ts';

const BASE = 'http://paperboy.test';
const form = (body: Record<string, string>) => ({
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams(body).toString(),
});

forEachDialect('digest pages and emails', (dialect) => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  const mailsTo = (email: string) => smtp.received.filter((m) => m.envelopeTo.includes(email));
  const digestsTo = (email: string) =>
    mailsTo(email).filter((m) => /Top papers/.test(m.parsed.subject ?? ''));

  async function subscribeAndConfirm(email: string, extra: Record<string, string> = {}) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/digest/subscribe',
      ...sameSiteForm({ email, ...extra }),
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Check your inbox');
    const confirmLink = linkIn(mailsTo(email).at(-1)!, `${BASE}/digest/confirm?token=`);
    const path = confirmLink.slice(BASE.length);
    // Opening the link changes nothing (mail scanners open links): it shows a button.
    const page = await t.app.inject(path);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Confirm my subscription');
    const token = new URL(confirmLink).searchParams.get('token')!;
    const done = await t.app.inject({ method: 'POST', url: '/digest/confirm', ...form({ token }) });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('You are subscribed');
  }

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await createTestApp(dialect, {
      env: {
        SMTP_URL: smtp.url,
        BASE_URL: BASE,
        MAIL_REPLY_TO: 'editors@paperboy.test',
        SITE_NAME: 'Lab Papers',
      },
      now: '2026-08-24T07:00:00.000Z',
    });
    await loadFixtures(t.deps);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('double opt-in: the form sends only a confirmation; the digest comes after confirming', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/digest/subscribe',
      ...sameSiteForm({ email: 'late@example.org' }),
    });
    expect(res.statusCode).toBe(200);
    await sendEdition(t.deps, { kind: 'daily', date: '2026-08-21' });
    expect(mailsTo('late@example.org').map((m) => m.parsed.subject)).toEqual([
      'Confirm your subscription to Lab Papers',
    ]);
  });

  it('delivers a digest with both parts, list headers and links that work', async () => {
    await subscribeAndConfirm('reader@example.org');
    const r = await sendEdition(t.deps, { kind: 'daily', date: '2025-09-30' });
    expect(r.delivery?.sent).toBe(1);
    const mail: ReceivedMail = digestsTo('reader@example.org')[0]!;
    const p = mail.parsed;
    expect(p.subject).toBe('Lab Papers: Top papers of Monday, September 29, 2025');
    expect(p.from?.text).toBe('"Lab Papers" <paperboy@paperboy.test>');
    expect(p.replyTo?.text).toBe('editors@paperboy.test');
    expect(p.messageId).toMatch(/^<daily\.2025-09-29\.\d+@paperboy\.test>$/);
    expect(p.date).toBeInstanceOf(Date);
    const unsub = { url: unsubscribeHeaderUrl(mail) };
    expect(unsub.url).toMatch(/^http:\/\/paperboy\.test\/digest\/unsubscribe\?token=/);
    expect(rawHeader(mail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    // RFC 2919: a plain <list id> that filters can match, with the phrase before it.
    expect(rawHeader(mail, 'List-Id')).toBe('"Lab Papers daily digest" <daily.digest.paperboy.test>');
    expect((p.headers.get('list') as { id: { id: string; name: string } }).id).toEqual({
      id: 'daily.digest.paperboy.test',
      name: 'Lab Papers daily digest',
    });
    expect(p.text).toContain('LongLive: Real-time Interactive Long Video Generation');
    expect(p.html).toContain('LongLive: Real-time Interactive Long Video Generation');
    expect(p.html).toContain('prefers-color-scheme: dark');
    expect(p.text).toContain(`Unsubscribe: ${unsub.url}`);
    expect(p.html).toContain(unsub.url);

    // Every link to this site in the email works.
    const links = [
      ...new Set(
        [...(p.html as string).matchAll(/href="(http:\/\/paperboy\.test[^"]*)"/g)].map((m) => m[1]!),
      ),
    ];
    expect(links.length).toBeGreaterThan(10);
    for (const link of links) {
      const res = await t.app.inject(link.slice(BASE.length).replaceAll('&amp;', '&'));
      expect(res.statusCode, link).toBe(200);
    }
  });

  it('the preview is the mailed HTML, with a CSP that allows its inline styles and nothing that runs', async () => {
    const res = await t.app.inject('/digest/preview/daily/2025-09-29');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    const mailed = digestsTo('reader@example.org')[0]!.parsed.html as string;
    const unsub = unsubscribeHeaderUrl(digestsTo('reader@example.org')[0]!);
    expect(res.body).toBe(mailed.replace(unsub, `${BASE}/digest`));
    expect((await t.app.inject('/digest/preview/daily/2025-09-29?format=text')).body).toContain('1. ');
    expect((await t.app.inject('/digest/preview/weekly/2026-W34')).statusCode).toBe(200);
    expect((await t.app.inject('/digest/preview/daily/2020-01-01')).statusCode).toBe(404);
    expect((await t.app.inject('/digest/preview/daily/not-a-date')).statusCode).toBe(404);
  });

  it('one-click unsubscribe (RFC 8058 POST), then resubscribe from the same link', async () => {
    const mail = digestsTo('reader@example.org')[0]!;
    const url = unsubscribeHeaderUrl(mail).slice(BASE.length);
    const res = await t.app.inject({ method: 'POST', url, ...form({ 'List-Unsubscribe': 'One-Click' }) });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('You are unsubscribed');
    expect((await sendEdition(t.deps, { kind: 'daily', date: '2024-05-27' })).delivery?.sent).toBe(0);
    expect(digestsTo('reader@example.org')).toHaveLength(1);

    const again = await t.app.inject({ method: 'POST', url: url.replace('/unsubscribe', '/resubscribe') });
    expect(again.body).toContain('Welcome back');
    const sub = await findSubscription(t.db, { email: 'reader@example.org', kind: 'daily', query: '' });
    expect(sub?.status).toBe('active');
  });

  it('one-click unsubscribe also accepts multipart/form-data', async () => {
    const url = unsubscribeHeaderUrl(digestsTo('reader@example.org')[0]!);
    const boundary = 'x-boundary';
    const res = await t.app.inject({
      method: 'POST',
      url: url.slice(BASE.length),
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('You are unsubscribed');
  });

  it('unsubscribes by the visible link: the page asks, the button does it', async () => {
    await subscribeAndConfirm('linky@example.org', { kind: 'weekly', keywords: 'video' });
    await sendEdition(t.deps, { kind: 'weekly', date: '2025-09-29' });
    const mail = mailsTo('linky@example.org').at(-1)!;
    expect(mail.parsed.subject).toMatch(/Top papers of the week/);
    const link = linkIn(mail, `${BASE}/digest/unsubscribe?token=`).slice(BASE.length);
    const page = await t.app.inject(link);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Stop sending the weekly digest (keywords: video)');
    const done = await t.app.inject({ method: 'POST', url: link });
    expect(done.body).toContain('You are unsubscribed');
  });

  it('refuses a tampered or foreign token', async () => {
    const url = new URL(unsubscribeHeaderUrl(digestsTo('reader@example.org')[0]!));
    const token = url.searchParams.get('token')!;
    const [payload, mac] = token.split('.') as [string, string];
    const otherId = Buffer.from(String(Number(Buffer.from(payload, 'base64url').toString()) + 1)).toString(
      'base64url',
    );
    for (const bad of [`${otherId}.${mac}`, `${payload}.${mac.slice(0, -2)}AA`, 'garbage']) {
      const res = await t.app.inject({ method: 'POST', url: `/digest/unsubscribe?token=${bad}` });
      expect(res.statusCode, bad).toBe(400);
      expect((await t.app.inject(`/digest/unsubscribe?token=${bad}`)).statusCode).toBe(400);
    }
    // An unsubscribe token is not a confirmation token.
    expect(
      (await t.app.inject({ method: 'POST', url: '/digest/confirm', ...form({ token }) })).statusCode,
    ).toBe(400);
  });

  it('rejects a bad address with the form again, and shows the box on the feed', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/digest/subscribe',
      ...sameSiteForm({ email: 'not-an-email', keywords: 'x' }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('valid email address');
    expect(res.body).toContain('value="not-an-email"');
    const home = await t.app.inject('/');
    expect(home.body).toContain('action="/digest/subscribe"');
  });
});
