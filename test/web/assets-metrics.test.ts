import { brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';

describe('browser bundle and metrics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves the client bundle built from src/web/client, revalidated by ETag', async () => {
    const res = await t.app.inject('/assets/app.js');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/javascript');
    // The keyboard navigation module is in the bundle, and the bundle is an ES module.
    expect(res.body).toContain('keydown');
    expect(res.body).toContain('sourceMappingURL=app.js.map');
    const etag = String(res.headers.etag);
    const again = await t.app.inject({ url: '/assets/app.js', headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const map = await t.app.inject('/assets/app.js.map');
    expect(map.json().sources.some((s: string) => s.endsWith('client/keynav.ts'))).toBe(true);
  });

  it('every page loads the bundle as a same-origin module, the stylesheet and the icon, all by version', async () => {
    const res = await t.app.inject('/');
    const script = /<script type="module" src="(\/assets\/app\.js\?v=[\w-]+)"/.exec(res.body)?.[1];
    const sheet = /<link rel="stylesheet" href="(\/assets\/app\.css\?v=[\w-]+)"/.exec(res.body)?.[1];
    const icon = /<link rel="icon" href="(\/assets\/favicon\.svg\?v=[\w-]+)"/.exec(res.body)?.[1];
    expect(script).toBeDefined();
    expect(sheet).toBeDefined();
    expect(icon).toBeDefined();
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    for (const url of [script!, sheet!, icon!]) {
      const versioned = await t.app.inject({ url, headers: { 'accept-encoding': 'gzip, deflate, br' } });
      expect(versioned.statusCode).toBe(200);
      expect(versioned.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(versioned.headers['content-encoding']).toBe('br');
      const plain = await t.app.inject(url.replace(/\?v=.*/, '?v=old'));
      expect(plain.headers['cache-control']).toBe('no-cache');
      expect(brotliDecompressSync(versioned.rawPayload).toString()).toBe(plain.body);
    }
    // Minified: no comments, no indentation.
    const css = (await t.app.inject(sheet!)).body;
    expect(css).toContain('text-decoration:underline');
    expect(css).not.toMatch(/\/\*|\n {2}/);
  });

  it('counts requests by route pattern at /metrics, with process metrics', async () => {
    await t.app.inject('/papers/2601.00001');
    await t.app.inject('/no/such/page/12345');
    const res = await t.app.inject('/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.body).toMatch(
      /paperboy_http_requests_total\{method="GET",route="\/papers\/:id",status="404",node="[^"]+"\} \d+/,
    );
    expect(res.body).toMatch(
      /paperboy_http_request_duration_seconds_bucket\{le="0.05",node="[^"]+",method="GET",route="\/papers\/:id"\}/,
    );
    expect(res.body).toContain('route="unmatched"');
    expect(res.body).not.toContain('/no/such/page');
    expect(res.body).toContain('paperboy_process_resident_memory_bytes');
  });
});
