import { afterAll, beforeAll, expect, it } from 'vitest';
import { deliveryStats } from '../../src/digest/outbox.repo.ts';
import { queueEdition, sendEdition } from '../../src/digest/send-edition.ts';
import { deliverDue } from '../../src/digest/sender.ts';
import { findSubscription } from '../../src/digest/subscriptions.repo.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { forEachDialect } from '../support/db.ts';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.ts';
import { activeSubscriber, confirmedSubscriber, loadFixtures } from './helpers.ts';

forEachDialect('digest delivery', (dialect) => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  const busyRefusals = new Map<string, number>();

  beforeAll(async () => {
    smtp = await startSmtpServer({
      reject: (rcpt) => {
        if (rcpt.startsWith('gone')) return 550;
        if (rcpt.startsWith('busy')) {
          // Refuses twice, then accepts: a greylisting server.
          const n = (busyRefusals.get(rcpt) ?? 0) + 1;
          busyRefusals.set(rcpt, n);
          return n <= 2 ? 451 : undefined;
        }
        return undefined;
      },
    });
    t = await createTestApp(dialect, {
      env: { SMTP_URL: smtp.url, DIGEST_RETRY_SECONDS: '60', DIGEST_MAX_ATTEMPTS: '5' },
      now: '2026-08-24T07:00:00.000Z',
    });
    await loadFixtures(t.deps);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('sends nothing before confirmation, then one copy per subscriber, once', async () => {
    const { subscribe } = await import('../../src/digest/subscriptions.ts');
    await subscribe(t.deps, { email: 'Lurker@Example.org', kind: 'daily', categories: [], keywords: [] });
    await confirmedSubscriber(t.deps, smtp.received, 'ada@example.org');
    await confirmedSubscriber(t.deps, smtp.received, 'vision@example.org', { keywords: ['agent'] });
    await confirmedSubscriber(t.deps, smtp.received, 'nomatch@example.org', {
      keywords: ['zzzz-no-such-word'],
    });
    const before = smtp.received.length;

    const first = await sendEdition(t.deps, { kind: 'daily', date: '2026-08-23' });
    expect(first.queue.outcome).toBe('queued');
    expect(first.queue.spec?.key).toBe('daily:2026-08-21');
    expect(first.queue.queued).toBe(3);
    expect(first.delivery).toMatchObject({ sent: 2, skipped: 1, retrying: 0, failed: 0, bounced: 0 });

    const got = smtp.received.slice(before);
    expect(got.map((m) => m.envelopeTo[0]).sort()).toEqual(['ada@example.org', 'vision@example.org']);
    // The unconfirmed address got its confirmation email only.
    expect(smtp.received.filter((m) => m.envelopeTo[0] === 'lurker@example.org')).toHaveLength(1);

    const again = await sendEdition(t.deps, { kind: 'daily', date: '2026-08-23' });
    expect(again.queue.outcome).toBe('existing');
    expect(again.delivery).toMatchObject({ sent: 0 });
    expect(smtp.received.length).toBe(before + 2);
  });

  it('narrows an edition to the subscriber’s keywords', async () => {
    const vision = smtp.received.find(
      (m) => m.envelopeTo[0] === 'vision@example.org' && /Top papers/.test(m.parsed.subject ?? ''),
    )!;
    const ada = smtp.received.find(
      (m) => m.envelopeTo[0] === 'ada@example.org' && /Top papers/.test(m.parsed.subject ?? ''),
    )!;
    const count = (html: string) => (html.match(/▲ \d+ upvotes/g) ?? []).length;
    expect(count(ada.parsed.html as string)).toBe(10);
    expect(count(vision.parsed.html as string)).toBeGreaterThan(0);
    expect(vision.parsed.text).toMatch(/keywords:\s+agent/);
    expect(count(vision.parsed.html as string)).toBeLessThan(10);
  });

  it('retries temporary refusals, records permanent ones, loses nothing else', async () => {
    for (const email of ['busy@example.org', 'gone@example.org', 'ok1@example.org', 'ok2@example.org'])
      await activeSubscriber(t.deps, email, 'weekly');
    const before = smtp.received.length;
    const q = await queueEdition(t.deps, { kind: 'weekly', date: '2026-08-21' });
    expect(q).toMatchObject({ outcome: 'queued', queued: 4 });
    expect(q.spec?.key).toBe('weekly:2026-W34');

    const r1 = await deliverDue(t.deps);
    expect(r1).toMatchObject({ sent: 2, retrying: 1, bounced: 1, failed: 0 });
    // Not due yet: the retry waits for its backoff.
    expect(await deliverDue(t.deps)).toMatchObject({ sent: 0, retrying: 0 });
    t.clock.advance(60_000);
    expect(await deliverDue(t.deps)).toMatchObject({ retrying: 1 });
    t.clock.advance(60_000); // second retry waits twice as long
    expect(await deliverDue(t.deps)).toMatchObject({ sent: 0 });
    t.clock.advance(60_000);
    expect(await deliverDue(t.deps)).toMatchObject({ sent: 1 });

    const got = smtp.received
      .slice(before)
      .map((m) => m.envelopeTo[0])
      .sort();
    expect(got).toEqual(['busy@example.org', 'ok1@example.org', 'ok2@example.org']);
    const stats = (await deliveryStats(t.db)).find((s) => s.key === 'weekly:2026-W34')!;
    expect(stats.counts).toMatchObject({ sent: 3, bounced: 1, queued: 0, sending: 0, failed: 0 });

    // The refused address is suppressed: a later edition does not even queue it.
    const gone = await findSubscription(t.db, { email: 'gone@example.org', kind: 'weekly', query: '' });
    expect(gone?.status).toBe('bounced');
    const next = await queueEdition(t.deps, { kind: 'weekly', date: '2025-09-29' });
    expect(next.queued).toBe(3);
  });

  it('gives up after the last attempt and says so', async () => {
    await activeSubscriber(t.deps, 'busy-forever@example.org', 'daily');
    busyRefusals.set('busy-forever@example.org', -1000);
    const q = await queueEdition(t.deps, { kind: 'daily', date: '2025-09-29' });
    expect(q.outcome).toBe('queued');
    let failed = 0;
    for (let i = 0; i < 6; i++) {
      failed += (await deliverDue(t.deps)).failed;
      t.clock.advance(3_600_000);
    }
    expect(failed).toBe(1);
    const stats = (await deliveryStats(t.db)).find((s) => s.key === 'daily:2025-09-29')!;
    expect(stats.counts.failed).toBe(1);
  });
});
