/**
 * Client IPs come from the connection unless it comes from a proxy named in TRUST_PROXY:
 * a made-up X-Forwarded-For must not give a client a fresh rate-limit budget.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { importBatch } from '../../src/papers/papers.repo.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { signedInClient, TestClient } from '../support/client.ts';
import { makePaper } from '../support/factories.ts';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const api = (app: TestApp, remoteAddress: string, xff?: string) =>
  app.app.inject({
    url: '/api/daily_papers',
    remoteAddress,
    headers: xff ? { 'x-forwarded-for': xff } : {},
  });

describe('TRUST_PROXY', () => {
  it('by default no proxy is trusted: a spoofed X-Forwarded-For does not reset the API limit', async () => {
    t = await createTestApp('sqlite', { env: { API_RATE_LIMIT: '2' } });
    expect((await api(t, '192.0.2.10', '10.1.1.1')).statusCode).toBe(200);
    expect((await api(t, '192.0.2.10', '10.1.1.2')).statusCode).toBe(200);
    expect((await api(t, '192.0.2.10', '10.1.1.3')).statusCode).toBe(429);
  });

  it('by default a spoofed X-Forwarded-For does not reset the sign-in limit per IP', async () => {
    t = await createTestApp('sqlite', { env: { RATE_LIMIT_SIGNIN_IP: '2/1h' } });
    const c = new TestClient(t.app, '192.0.2.11');
    for (const [i, want] of [200, 200, 429].entries()) {
      const res = await c.post(
        '/login',
        { email: `x${i}@example.org` },
        { 'x-forwarded-for': `10.2.2.${i}` },
      );
      expect(res.statusCode).toBe(want);
    }
  });

  it('behind a trusted proxy each forwarded client has its own budget; other connections do not', async () => {
    t = await createTestApp('sqlite', {
      env: { API_RATE_LIMIT: '1', TRUST_PROXY: '127.0.0.1, 10.9.0.0/16' },
    });
    expect((await api(t, '127.0.0.1', '203.0.113.1')).statusCode).toBe(200);
    expect((await api(t, '10.9.3.4', '203.0.113.2')).statusCode).toBe(200);
    expect((await api(t, '127.0.0.1', '203.0.113.1')).statusCode).toBe(429);
    // A client that is not a trusted proxy is keyed by its own address whatever it claims.
    expect((await api(t, '192.0.2.12', '203.0.113.3')).statusCode).toBe(200);
    expect((await api(t, '192.0.2.12', '203.0.113.4')).statusCode).toBe(429);
  });

  it('a hop count trusts that many proxies', async () => {
    t = await createTestApp('sqlite', { env: { API_RATE_LIMIT: '1', TRUST_PROXY: '1' } });
    // The proxy appends the address it saw; what the client wrote before it is ignored.
    expect((await api(t, '127.0.0.1', '198.51.100.1, 203.0.113.9')).statusCode).toBe(200);
    expect((await api(t, '127.0.0.1', '198.51.100.2, 203.0.113.9')).statusCode).toBe(429);
    expect((await api(t, '127.0.0.1', '203.0.113.9, 203.0.113.10')).statusCode).toBe(200);
  });

  it('X-Forwarded-Proto counts only from a trusted proxy', async () => {
    for (const [trust, want] of [
      [undefined, '/papers/2601.99999'],
      ['127.0.0.1', '/papers/back'],
    ] as const) {
      t = await createTestApp('sqlite', { env: trust ? { TRUST_PROXY: trust } : {} });
      const paper = makePaper({ arxivId: '2601.99999' });
      await importBatch(
        t.db,
        [paper],
        [{ arxivId: paper.arxivId, feedDate: '2026-08-21', submittedAt: '2026-08-21T08:00:00.000Z' }],
        {
          source: 'test',
          now: t.clock.now(),
        },
      );
      const c = await signedInClient(t, 'proto@example.org');
      // An https page of this site (Host paperboy.test) behind a TLS-terminating proxy.
      const res = await c.post(
        '/votes',
        { paper: paper.arxivId, action: 'up' },
        { host: 'paperboy.test', referer: 'https://paperboy.test/papers/back', 'x-forwarded-proto': 'https' },
      );
      expect(res.headers.location).toBe(want);
      await t.close();
      t = undefined;
    }
  });

  it('parses off, true, a hop count or a list of addresses and CIDRs, and refuses anything else', () => {
    expect(loadConfig({}).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.1, fd00::/8,192.168.0.0/16' }).TRUST_PROXY).toEqual([
      '10.0.0.1',
      'fd00::/8',
      '192.168.0.0/16',
    ]);
    for (const bad of ['proxy.example', '10.0.0.0/33', '1.2.3', '-1'])
      expect(() => loadConfig({ TRUST_PROXY: bad }), bad).toThrow(/TRUST_PROXY/);
  });
});
