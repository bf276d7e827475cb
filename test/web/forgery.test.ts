/**
 * Cross-site request forgery, over every state-changing route the app registers (the
 * list is taken from the app itself, so a new route is covered the day it is added):
 * a request from another site is refused by its Fetch Metadata or its Origin / Referer,
 * and a signed-in request also needs its session's token. Only a valid API token, on the
 * API routes it authenticates, exempts a request.
 */
import type { RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fromThisSite } from '../../src/web/middleware/auth.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { signedInClient } from '../support/client.ts';

const routes = vi.hoisted(() => [] as { method: string; url: string; csrf: boolean }[]);

// Every app built in this file records its routes as Fastify registers them.
vi.mock('fastify', async (importOriginal) => {
  const mod = await importOriginal<typeof import('fastify')>();
  const fastify = ((opts?: object) => {
    const app = mod.default(opts);
    app.addHook('onRoute', (r: RouteOptions) => {
      for (const method of [r.method].flat())
        routes.push({ method, url: r.url, csrf: r.config?.csrf !== false });
    });
    return app;
  }) as unknown as typeof mod.default;
  return { ...mod, default: fastify, fastify };
});

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const SITE = 'http://paperboy.test';

/** A concrete URL for a route pattern (parameters get a plausible value; the check runs before any handler). */
const concrete = (url: string) => url.replace(/:archive/g, 'hep-th').replace(/:[A-Za-z]+/g, '1');

describe('forged state-changing requests', () => {
  let t: TestApp;
  let checked: { method: string; url: string }[];
  beforeAll(async () => {
    // Hundreds of requests from one address: the API's per-IP limit is not what is tested here.
    t = await createTestApp('sqlite', { env: { API_RATE_LIMIT: '0' } });
    const seen = new Set<string>();
    checked = routes
      .filter((r) => UNSAFE.has(r.method) && r.csrf)
      .filter((r) => !seen.has(`${r.method} ${r.url}`) && seen.add(`${r.method} ${r.url}`))
      .map((r) => ({ method: r.method, url: concrete(r.url) }));
  });
  afterAll(() => t.close());

  const send = (
    r: { method: string; url: string },
    headers: Record<string, string>,
    body: Record<string, string> = {},
  ) =>
    t.app.inject({
      method: r.method as 'POST',
      url: r.url,
      headers: {
        accept: 'application/json',
        'content-type': 'application/x-www-form-urlencoded',
        ...headers,
      },
      payload: new URLSearchParams(body).toString(),
    });
  const refused = (res: { statusCode: number; json: () => { code?: string } }) =>
    res.statusCode === 403 && res.json().code === 'csrf_invalid';

  it('finds the state-changing routes, and only signed links and /mcp (which ignores cookies) opt out', () => {
    expect(checked.length).toBeGreaterThanOrEqual(20);
    expect(checked).toContainEqual({ method: 'POST', url: '/votes' });
    expect(checked).toContainEqual({ method: 'DELETE', url: '/api/papers/1/upvote' });
    const optedOut = routes.filter((r) => UNSAFE.has(r.method) && !r.csrf).map((r) => r.url);
    expect([...new Set(optedOut)].sort()).toEqual([
      '/digest/confirm',
      '/digest/resubscribe',
      '/digest/unsubscribe',
      '/mcp',
    ]);
  });

  it('refuses a cross-site request on every route, signed in with a valid token or not', async () => {
    const member = await signedInClient(t, 'victim@example.org');
    const _csrf = await member.csrf();
    const cookie = member.cookieHeader();
    const forged: Record<string, string>[] = [
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site', origin: SITE },
      { origin: 'https://evil.example' },
      { origin: 'null', referer: `${SITE}/` },
      { referer: 'https://evil.example/page' },
      {},
    ];
    const failures: string[] = [];
    for (const r of checked)
      for (const headers of forged) {
        const as: [string, Record<string, string>, Record<string, string>][] = [
          ['anonymous', {}, {}],
          ['member', { cookie }, { _csrf }],
        ];
        for (const [who, extra, body] of as) {
          const res = await send(r, { ...headers, ...extra }, body);
          if (!refused(res))
            failures.push(`${who} ${r.method} ${r.url} ${JSON.stringify(headers)} → ${res.statusCode}`);
        }
      }
    expect(failures).toEqual([]);
  });

  it('refuses a signed-in request from this site without its session token, on every route', async () => {
    const victim = await signedInClient(t, 'victim2@example.org');
    const other = await signedInClient(t, 'other@example.org');
    const foreign = await other.csrf();
    const failures: string[] = [];
    for (const r of checked)
      for (const body of [{}, { _csrf: 'forged' }, { _csrf: foreign }] as Record<string, string>[]) {
        const res = await send(r, { cookie: victim.cookieHeader(), 'sec-fetch-site': 'same-origin' }, body);
        if (!refused(res)) failures.push(`${r.method} ${r.url} ${JSON.stringify(body)} → ${res.statusCode}`);
      }
    expect(failures).toEqual([]);
  });

  it('lets the same requests through from this site (the refusals above are the check, not the route)', async () => {
    const failures: string[] = [];
    for (const r of checked) {
      // A fresh member per route: some of these sign out or delete the account.
      const member = await signedInClient(t, `ok${failures.length}-${r.url.length}@example.org`);
      const _csrf = await member.csrf();
      const fromSite: Record<string, string>[] = [
        { 'sec-fetch-site': 'same-origin' },
        { origin: SITE },
        { referer: `${SITE}/x` },
      ];
      for (const headers of fromSite) {
        const res = await send(r, { ...headers, cookie: member.cookieHeader() }, { _csrf });
        if (refused(res)) failures.push(`${r.method} ${r.url} ${JSON.stringify(headers)}`);
      }
      const anon = await send(r, { 'sec-fetch-site': 'same-origin' });
      if (refused(anon)) failures.push(`anonymous ${r.method} ${r.url}`);
    }
    expect(failures).toEqual([]);
  });

  it('checks a cookie session that also carries an Authorization header (only a valid API token exempts)', async () => {
    const member = await signedInClient(t, 'junk@example.org');
    const cookie = member.cookieHeader();
    for (const authorization of ['Bearer junk', 'Basic dXNlcjpwYXNz', 'Bearer pb_not-a-real-token']) {
      const noToken = await send(
        { method: 'POST', url: '/logout' },
        { cookie, authorization, 'sec-fetch-site': 'same-origin' },
      );
      expect(refused(noToken)).toBe(true);
      const crossSite = await send(
        { method: 'POST', url: '/logout' },
        { cookie, authorization, 'sec-fetch-site': 'cross-site' },
        { _csrf: await member.csrf() },
      );
      expect(refused(crossSite)).toBe(true);
    }
    // Still signed in: nothing above ended the session.
    expect((await member.get('/settings')).statusCode).toBe(200);
    const out = await send(
      { method: 'POST', url: '/logout' },
      { cookie, authorization: 'Bearer junk', 'sec-fetch-site': 'same-origin' },
      { _csrf: await member.csrf() },
    );
    expect(out.statusCode).toBe(303);
    expect((await member.get('/settings')).statusCode).not.toBe(200);
  });

  it('exempts a request authenticated by a valid API token, and only on the API', async () => {
    const member = await signedInClient(t, 'bot@example.org');
    const created = await member.post('/settings/tokens', { name: 'bot' });
    const secret = /<code data-token[^>]*>(pb_[\w-]+)<\/code>/.exec(created.body)?.[1] ?? '';
    expect(secret).toMatch(/^pb_/);
    const authorization = `Bearer ${secret}`;
    const api = await send({ method: 'POST', url: '/api/papers/2601.99999/upvote' }, { authorization });
    expect(refused(api)).toBe(false);
    expect(api.statusCode).toBe(404);
    // A token means nothing to the cookie routes: there it exempts nothing.
    const logout = await send(
      { method: 'POST', url: '/logout' },
      { authorization, cookie: member.cookieHeader(), 'sec-fetch-site': 'cross-site' },
    );
    expect(refused(logout)).toBe(true);
  });
});

describe('fromThisSite', () => {
  const h = (headers: Record<string, string>) => fromThisSite(headers, SITE);
  it('trusts Fetch Metadata first, then Origin, then Referer, and refuses a request with none', () => {
    expect(h({ 'sec-fetch-site': 'same-origin' })).toBe(true);
    expect(h({ 'sec-fetch-site': 'none' })).toBe(true);
    expect(h({ 'sec-fetch-site': 'same-site' })).toBe(false);
    expect(h({ 'sec-fetch-site': 'cross-site', origin: SITE })).toBe(false);
    expect(h({ origin: SITE })).toBe(true);
    expect(h({ origin: `${SITE}:8080` })).toBe(false);
    expect(h({ origin: 'https://paperboy.test' })).toBe(false);
    expect(h({ origin: 'http://paperboy.test.evil.example' })).toBe(false);
    expect(h({ origin: 'https://evil.example', referer: `${SITE}/` })).toBe(false);
    expect(h({ referer: `${SITE}/papers/2601.00001?x=1` })).toBe(true);
    expect(h({ referer: 'not a url' })).toBe(false);
    expect(h({ origin: 'null' })).toBe(false);
    expect(h({})).toBe(false);
  });
});
