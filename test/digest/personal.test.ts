/**
 * Personal digests: a member's daily email can be their For You or Following list instead
 * of the most upvoted papers, chosen at subscription, through the same exactly-once outbox.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findOrCreateUserByEmail } from '../../src/community/users.repo.ts';
import { sendEdition } from '../../src/digest/send-edition.ts';
import { subscribe } from '../../src/digest/subscriptions.ts';
import { follow, markPaper } from '../../src/inbox/inbox.ts';
import { importBatch } from '../../src/papers/papers.repo.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { forEachDialect } from '../support/db.ts';
import { makePaper } from '../support/factories.ts';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.ts';
import { confirmedSubscriber, loadFixtures } from './helpers.ts';

forEachDialect('personal digests', (dialect) => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  const mine = [1, 2, 3].map((i) =>
    makePaper({
      title: `Quantum error correction codes ${i}`,
      authors: [{ name: 'Peter Shor' }],
      categories: ['quant-ph'],
      publishedAt: `2026-08-2${i}T10:00:00.000Z`,
    }),
  );

  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await createTestApp(dialect, { env: { SMTP_URL: smtp.url }, now: '2026-08-24T07:00:00.000Z' });
    await loadFixtures(t.deps);
    await importBatch(t.db, mine, [], { source: 'test', now: t.clock.now() });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('mails a member their Following list, once, and everyone else the top papers', async () => {
    const { user: ada } = await findOrCreateUserByEmail(t.db, 'ada@example.org', t.clock.now());
    await follow(t.deps, ada, 'author', 'Peter Shor');
    await markPaper(t.deps, ada, mine[0]!.arxivId, 'read', true);
    const sub = await subscribe(t.deps, {
      email: 'ada@example.org',
      kind: 'daily',
      list: 'following',
      categories: [],
      keywords: [],
      userId: ada.id,
      verifiedEmail: true,
    });
    expect(sub.active).toBe(true);
    await confirmedSubscriber(t.deps, smtp.received, 'top@example.org');
    // A personal list needs the member: an anonymous address cannot ask for one.
    await expect(
      subscribe(t.deps, {
        email: 'x@example.org',
        kind: 'daily',
        list: 'for-you',
        categories: [],
        keywords: [],
      }),
    ).rejects.toThrow(/Sign in/);

    const before = smtp.received.length;
    const first = await sendEdition(t.deps, { kind: 'daily', date: '2026-08-23' });
    expect(first.queue.queued).toBe(1); // the top edition: top@ only
    expect(first.queue.personalQueued).toBe(1);
    expect(first.delivery).toMatchObject({ sent: 2, failed: 0 });
    const got = smtp.received.slice(before);
    const adaMail = got.find((m) => m.envelopeTo[0] === 'ada@example.org')!;
    const topMail = got.find((m) => m.envelopeTo[0] === 'top@example.org')!;
    expect(adaMail.parsed.subject).toContain('Following');
    const text = adaMail.parsed.text ?? '';
    // Newest first, the read paper left out, nothing of the public edition.
    expect(text.indexOf('Quantum error correction codes 3')).toBeGreaterThan(-1);
    expect(text.indexOf('Quantum error correction codes 3')).toBeLessThan(
      text.indexOf('Quantum error correction codes 2'),
    );
    expect(text).not.toContain('Quantum error correction codes 1');
    expect(topMail.parsed.text).not.toContain('Quantum error correction codes');

    const again = await sendEdition(t.deps, { kind: 'daily', date: '2026-08-23' });
    expect(again.queue.personalQueued).toBe(0);
    expect(again.delivery).toMatchObject({ sent: 0 });
    expect(smtp.received.length).toBe(before + 2);
  });
});
