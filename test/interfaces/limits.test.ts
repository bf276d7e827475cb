/** Per-IP rate limits on the API, feeds and exports: 429 with Retry-After, pages untouched. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';

describe('rate limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite', { env: { API_RATE_LIMIT: '3' } });
  });
  afterAll(() => t.close());

  const from = (ip: string, url: string) => t.app.inject({ url, remoteAddress: ip });

  it('answers 429 with Retry-After once a client spends its budget, across API, feeds and exports', async () => {
    expect((await from('10.0.0.1', '/api/daily_papers')).statusCode).toBe(200);
    expect((await from('10.0.0.1', '/feeds/latest.rss')).statusCode).toBe(200);
    expect((await from('10.0.0.1', '/exports/latest.bib')).statusCode).toBe(200);
    const over = await from('10.0.0.1', '/api/daily_papers');
    expect(over.statusCode).toBe(429);
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    expect(over.json()).toEqual({ error: expect.stringMatching(/3 per minute/), code: 'rate_limited' });
    // Another client has its own budget; pages are not limited here.
    expect((await from('10.0.0.2', '/api/daily_papers')).statusCode).toBe(200);
    expect((await from('10.0.0.1', '/healthz')).statusCode).toBe(200);
  });

  it('0 turns the limit off', async () => {
    const u = await createTestApp('sqlite', { env: { API_RATE_LIMIT: '0' } });
    try {
      for (let i = 0; i < 5; i++) expect((await u.app.inject('/api/daily_papers')).statusCode).toBe(200);
    } finally {
      await u.close();
    }
  });
});
