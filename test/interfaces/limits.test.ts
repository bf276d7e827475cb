/** Per-IP rate limits on the API, feeds and exports: 429 with Retry-After, pages untouched. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { createTestDb, forEachDialect, type TestDb } from '../support/db.ts';

forEachDialect('rate limits', (dialect) => {
  let db: TestDb;
  let t: TestApp;
  let other: TestApp;
  beforeAll(async () => {
    db = await createTestDb(dialect);
    t = await createTestApp(dialect, { db, env: { API_RATE_LIMIT: '3' } });
    // A second node of the same instance (same database).
    other = await createTestApp(dialect, { db, env: { API_RATE_LIMIT: '3' } });
  });
  afterAll(async () => {
    await other.app.close();
    await t.close();
  });

  const from = (ip: string, url: string, app = t) => app.app.inject({ url, remoteAddress: ip });

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

  it(
    dialect === 'postgres'
      ? 'counts in the database on PostgreSQL: two nodes share one budget'
      : 'counts in memory on SQLite: each web process has its own budget',
    async () => {
      for (let i = 0; i < 2; i++) expect((await from('10.0.0.3', '/api/daily_papers')).statusCode).toBe(200);
      const third = await from('10.0.0.3', '/api/daily_papers', other);
      expect(third.statusCode).toBe(200);
      const fourth = await from('10.0.0.3', '/api/daily_papers', other);
      expect(fourth.statusCode).toBe(dialect === 'postgres' ? 429 : 200);
    },
  );
});

describe('rate limits off', () => {
  it('0 turns the limit off', async () => {
    const u = await createTestApp('sqlite', { env: { API_RATE_LIMIT: '0' } });
    try {
      for (let i = 0; i < 5; i++) expect((await u.app.inject('/api/daily_papers')).statusCode).toBe(200);
    } finally {
      await u.close();
    }
  });
});
