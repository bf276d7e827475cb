import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importHfDaily } from '../../src/ingest/ingest.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { forEachDialect } from '../support/db.ts';

const FIXTURES = new URL('../fixtures/hf-daily/', import.meta.url).pathname;

forEachDialect('feed and paper pages', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    const r = await importHfDaily(t.deps, FIXTURES);
    expect(r.papers.new).toBe(60);
  });
  afterAll(async () => {
    await t.close();
  });

  it('home shows the latest feed day, most upvoted first', async () => {
    const res = await t.app.inject('/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('Friday, August 21, 2026');
    expect(res.body).toContain('EnvHarness: Awakening Static Worlds for Agent Learning');
    const votes = [...res.body.matchAll(/data-upvotes="(\d+)"/g)].map((m) => Number(m[1]));
    expect(votes).toHaveLength(17);
    expect([...votes].sort((a, b) => b - a)).toEqual(votes);
  });

  it('a date page links to the neighbouring days; a bad date is a 400', async () => {
    const res = await t.app.inject('/papers/date/2025-09-29');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('href="/papers/date/2024-05-27"');
    expect(res.body).toContain('href="/papers/date/2026-08-21"');
    expect((await t.app.inject('/papers/date/2025-02-30')).statusCode).toBe(400);
  });

  it('a paper page shows the paper; unknown is 404, malformed is 400', async () => {
    const res = await t.app.inject('/papers/2509.22622');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('LongLive: Real-time Interactive Long Video Generation');
    expect(res.body).toContain('href="/authors/Shuai%20Yang"');
    expect(res.body).toContain('https://github.com/NVlabs/LongLive');
    expect(res.body).toContain('href="https://huggingface.co/Andyson"');
    expect((await t.app.inject('/papers/2509.99999')).statusCode).toBe(404);
    const bad = await t.app.inject('/papers/not-an-id');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('is not an arXiv id');
  });

  it('sends a strict content security policy', async () => {
    const res = await t.app.inject('/');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('health', () => {
  it('answers /healthz', async () => {
    const t = await createTestApp('sqlite');
    expect((await t.app.inject('/healthz')).json()).toEqual({ ok: true });
    await t.close();
  });
});
