import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.ts';
import { linkFromOutbox, signInByEmail, TestClient } from '../support/client.ts';
import { forEachDialect } from '../support/db.ts';

forEachDialect('sign-in keeps where you were going', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => t.close());

  it('the emailed link carries next, and using it lands on that page', async () => {
    await signInByEmail(t, new TestClient(t.app), 'back@example.org'); // the account exists
    const c = new TestClient(t.app, '10.0.0.3');
    const login = await c.get('/login?next=%2Fpapers%2F2504.01234%23comments');
    expect(login.body).toContain('value="/papers/2504.01234#comments"');
    await c.post('/login', { email: 'back@example.org', next: '/papers/2504.01234#comments' });
    const link = new URL((await linkFromOutbox(t, 'back@example.org'))!);
    expect(link.searchParams.get('next')).toBe('/papers/2504.01234#comments');
    const page = await c.get(`${link.pathname}${link.search}`);
    expect(page.body).toContain('name="next" value="/papers/2504.01234#comments"');
    const done = await c.post('/login/verify', {
      token: link.searchParams.get('token')!,
      next: '/papers/2504.01234#comments',
    });
    expect(done.headers.location).toBe('/papers/2504.01234#comments');
  });
});
