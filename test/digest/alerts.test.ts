import { afterAll, beforeAll, expect, it } from 'vitest';
import { queueAlerts } from '../../src/digest/alerts.ts';
import { deliverDue } from '../../src/digest/sender.ts';
import { upsertPapers } from '../../src/papers/papers.repo.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { sameSiteForm } from '../support/client.ts';
import { forEachDialect } from '../support/db.ts';
import { makePaper } from '../support/factories.ts';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.ts';
import { linkIn, loadFixtures, unsubscribeHeaderUrl } from './helpers.ts';

const BASE = 'http://paperboy.test';
const form = (body: Record<string, string>) => ({
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams(body).toString(),
});

forEachDialect('saved-search alerts', (dialect) => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  const alertsTo = (email: string) =>
    smtp.received.filter(
      (m) => m.envelopeTo.includes(email) && /New papers matching/.test(m.parsed.subject ?? ''),
    );

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await createTestApp(dialect, {
      env: { SMTP_URL: smtp.url, BASE_URL: BASE },
      now: '2026-08-24T07:00:00.000Z',
    });
    await loadFixtures(t.deps);
    const res = await t.app.inject({
      method: 'POST',
      url: '/digest/subscribe',
      ...sameSiteForm({ email: 'watcher@example.org', kind: 'alert', q: 'spectral graph' }),
    });
    expect(res.statusCode).toBe(200);
    const token = new URL(linkIn(smtp.received.at(-1)!, `${BASE}/digest/confirm?token=`)).searchParams.get(
      'token',
    )!;
    expect(
      (await t.app.inject({ method: 'POST', url: '/digest/confirm', ...form({ token }) })).body,
    ).toContain('alerts of new papers matching “spectral graph”');
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('mails only papers that matched and arrived since the last run, once', async () => {
    // Papers that were here before the alert existed are not news.
    t.clock.advance(3_600_000);
    expect(await queueAlerts(t.deps)).toMatchObject({ checked: 1, queued: 0 });

    t.clock.advance(3_600_000);
    await upsertPapers(
      t.db,
      [
        makePaper({ title: 'Spectral graph sparsification in nearly linear time', arxivId: '2608.11111' }),
        makePaper({ title: 'A study of protein folding', arxivId: '2608.22222' }),
      ],
      { source: 'arxiv-api', now: t.clock.now() },
    );
    t.clock.advance(60_000);
    const run = await queueAlerts(t.deps);
    expect(run).toMatchObject({ checked: 1, queued: 1 });
    expect(await deliverDue(t.deps)).toMatchObject({ sent: 1 });
    const [mail, ...more] = alertsTo('watcher@example.org');
    expect(more).toEqual([]);
    expect(mail!.parsed.subject).toBe('Paperboy: New papers matching “spectral graph”');
    expect(mail!.parsed.text).toContain('Spectral graph sparsification in nearly linear time');
    expect(mail!.parsed.text).not.toContain('protein folding');
    expect(mail!.parsed.text).toContain(`${BASE}/search?q=spectral%20graph`);
    expect(unsubscribeHeaderUrl(mail!)).toMatch(/\/digest\/unsubscribe\?token=/);

    // The next run starts where this one ended.
    t.clock.advance(60_000);
    expect(await queueAlerts(t.deps)).toMatchObject({ queued: 0 });
    expect(await deliverDue(t.deps)).toMatchObject({ sent: 0 });
    expect(alertsTo('watcher@example.org')).toHaveLength(1);
  });

  it('an alert needs a search; the search page links to creating one', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/digest/subscribe',
      ...sameSiteForm({ email: 'x@example.org', kind: 'alert' }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Type the search the alert should run.');
    const page = await t.app.inject('/digest?q=spectral%20graph');
    expect(page.body).toContain('value="spectral graph"');
    const search = await t.app.inject('/search?q=spectral%20graph');
    expect(search.body).toContain('href="/digest?q=spectral%20graph#alert"');
  });
});
