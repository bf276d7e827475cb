/** Confirmation emails: at most one per address per 10 minutes whatever is subscribed, and a per-IP limit. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { TestClient } from '../support/client.ts';
import { forEachDialect } from '../support/db.ts';

/** Emails in the file outbox addressed to `to`. */
function mailsTo(t: TestApp, to: string): number {
  const dir = path.join(t.deps.config.PAPERBOY_DATA_DIR, 'outbox');
  if (!fs.existsSync(dir)) return 0;
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .filter((f) =>
      new RegExp(`^To: ${to.replace('.', '\\.')}$`, 'mi').test(fs.readFileSync(path.join(dir, f), 'utf8')),
    ).length;
}

forEachDialect('confirmation-mail flood', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { env: { RATE_LIMIT_SUBSCRIBE_IP: '10/1h' } });
  });
  afterAll(async () => t.close());

  it('varying the kind or the alert query mails one address once per 10 minutes', async () => {
    const c = new TestClient(t.app, '192.0.2.50');
    const forms: Record<string, string>[] = [
      { kind: 'daily' },
      { kind: 'weekly' },
      { kind: 'alert', q: 'diffusion' },
      { kind: 'alert', q: 'diffusion models' },
      { kind: 'alert', q: 'transformers' },
    ];
    for (const f of forms) {
      const res = await c.post('/digest/subscribe', { email: 'victim@example.org', ...f });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('Check your inbox');
    }
    expect(mailsTo(t, 'victim@example.org')).toBe(1);
    t.clock.advance(10 * 60_000 + 1000);
    await c.post('/digest/subscribe', { email: 'victim@example.org', kind: 'alert', q: 'graphs' });
    expect(mailsTo(t, 'victim@example.org')).toBe(2);
  });

  it('one IP may ask for at most RATE_LIMIT_SUBSCRIBE_IP subscriptions', async () => {
    const c = new TestClient(t.app, '192.0.2.51');
    const codes: number[] = [];
    for (let i = 0; i < 25; i++)
      codes.push((await c.post('/digest/subscribe', { email: `reader${i}@example.org` })).statusCode);
    expect(codes.filter((s) => s === 200)).toHaveLength(10);
    expect(codes.slice(10).every((s) => s === 429)).toBe(true);
    expect(mailsTo(t, 'reader24@example.org')).toBe(0);
    // Another network is not affected.
    expect(
      (await new TestClient(t.app, '192.0.2.52').post('/digest/subscribe', { email: 'x@example.org' }))
        .statusCode,
    ).toBe(200);
  });
});
