import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { signedInClient } from '../support/client.ts';
import { forEachDialect } from '../support/db.ts';

forEachDialect('sign-in redirects stay on this site', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  it('a tab or other whitespace in next cannot send a signed-in reader to another site', async () => {
    const c = await signedInClient(t, 'redirect@example.org');
    for (const next of [
      '/%09/evil.example/x',
      '/%0a/evil.example/x',
      '%09//evil.example',
      '/%5Cevil.example',
    ]) {
      const res = await c.get(`/login?next=${next}`);
      expect(res.statusCode).toBe(303);
      const target = new URL(res.headers.location as string, 'http://paperboy.test/');
      expect(target.origin).toBe('http://paperboy.test');
    }
  });

  it('next with CR, LF, NUL or non-Latin-1 characters is a safe redirect, never a 500', async () => {
    const c = await signedInClient(t, 'redirect2@example.org');
    for (const next of [
      '/a%0d%0aSet-Cookie:%20x=1',
      '/a%00b',
      '/caf%C3%A9/%E2%98%83',
      '/%E4%B8%AD?q=%F0%9F%98%80',
    ]) {
      const res = await c.get(`/login?next=${next}`);
      expect(res.statusCode).toBe(303);
      expect(res.headers['set-cookie'] ?? '').not.toContain('x=1');
      expect(String(res.headers.location)).toMatch(/^\/[\x21-\x7e]*$/);
    }
  });
});
