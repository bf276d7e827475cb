import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importHfDaily } from '../../src/ingest/ingest.ts';
import { importBatch } from '../../src/papers/papers.repo.ts';
import { createPageCache } from '../../src/web/page-cache.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { signedInClient } from '../support/client.ts';
import { forEachDialect } from '../support/db.ts';
import { makePaper } from '../support/factories.ts';

const FIXTURES = new URL('../fixtures/hf-daily/', import.meta.url).pathname;
const now = new Date('2026-08-21T12:00:00Z');

forEachDialect('page cache', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    await importHfDaily(t.deps, FIXTURES);
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves a page again from the cache until the data changes', async () => {
    const first = await t.app.inject('/papers/date/2026-08-21');
    const second = await t.app.inject('/papers/date/2026-08-21');
    expect(first.headers['x-page-cache']).toBe('miss');
    expect(second.headers['x-page-cache']).toBe('hit');
    expect(second.body).toBe(first.body);
    expect(second.headers['content-security-policy']).toContain("script-src 'self'");

    const fresh = makePaper({ title: 'A freshly featured paper about caches' });
    await importBatch(
      t.db,
      [fresh],
      [{ arxivId: fresh.arxivId, feedDate: '2026-08-21', submittedAt: '2026-08-21T13:00:00.000Z' }],
      { source: 'test', now },
    );
    const third = await t.app.inject('/papers/date/2026-08-21');
    expect(third.headers['x-page-cache']).toBe('miss');
    expect(third.body).toContain('A freshly featured paper about caches');
  });

  it('sends every anonymous visitor the same page: no CSRF token, no cookie', async () => {
    const a = await t.app.inject('/');
    const b = await t.app.inject('/');
    expect(a.body).toContain('action="/digest/subscribe"');
    expect(a.body).not.toContain('_csrf');
    expect(b.body).toBe(a.body);
    expect(a.headers['set-cookie']).toBeUndefined();
    expect(b.headers['set-cookie']).toBeUndefined();
  });

  it('leaves imported text that looks like a token placeholder or a token field as it is', async () => {
    // The cache once cut tokens out and wrote each visitor's back into a placeholder: text
    // containing either got a visitor's token written into it (an outbound link included).
    // (PostgreSQL refuses NUL characters in text, SQLite stores them.)
    const hole = dialect === 'sqlite' ? '\u0000csrf\u0000' : 'csrf';
    const p = makePaper({
      abstract: `Bait: ${hole} <input type="hidden" name="_csrf" value="">`,
      projectPage: `https://example.org/?t=${hole}`,
    });
    await importBatch(
      t.db,
      [p],
      [{ arxivId: p.arxivId, feedDate: '2026-08-21', submittedAt: '2026-08-21T14:00:00.000Z' }],
      { source: 'test', now },
    );
    const first = await t.app.inject(`/papers/${p.arxivId}`);
    const second = await t.app.inject(`/papers/${p.arxivId}`);
    expect(second.body).toBe(first.body);
    expect(first.body).toContain(`Bait: ${hole} &lt;input type=&quot;hidden&quot; name=&quot;_csrf&quot;`);
    expect(first.body).toContain(`href="https://example.org/?t=${hole}"`);
    const member = await signedInClient(t, 'reader@example.org');
    const token = await member.csrf();
    const mine = await member.get(`/papers/${p.arxivId}`);
    expect(mine.body).toContain(`Bait: ${hole} &lt;input`);
    expect(mine.body).toContain(`href="https://example.org/?t=${hole}"`);
    expect(mine.body.split(token).length - 1).toBe((mine.body.match(/name="_csrf"/g) ?? []).length);
  });

  it('never caches errors', async () => {
    expect((await t.app.inject('/papers/2509.99999')).statusCode).toBe(404);
    const again = await t.app.inject('/papers/2509.99999');
    expect(again.statusCode).toBe(404);
    expect(again.headers['x-page-cache']).toBe('miss');
  });
});

describe('page cache rules', () => {
  let version = 1;
  let renders = 0;
  const app = Fastify();
  const cache = createPageCache({
    versions: async () =>
      new Map([
        ['papers', version],
        ['comments', 1],
      ]),
  });
  app.decorateRequest('user', null);
  app.addHook('onRequest', async (req) => {
    if (req.headers['x-user']) (req as { user?: unknown }).user = { id: 1 };
  });
  app.get('/page', (req, reply) =>
    cache.serve(req, reply, 'page', async () => {
      renders++;
      return reply.type('text/html; charset=utf-8').send(`<p>render ${renders}</p>`);
    }),
  );
  app.get('/comments', (req, reply) =>
    cache.serve(
      req,
      reply,
      'comments',
      async () => reply.type('text/html; charset=utf-8').send(`<p>render ${++renders}</p>`),
      ['comments'],
    ),
  );
  app.get('/constant', (req, reply) =>
    cache.serve(req, reply, 'constant', async () =>
      reply.type('text/html; charset=utf-8').send('<p>the same every time</p>'),
    ),
  );
  app.get('/cookie', (req, reply) =>
    cache.serve(req, reply, 'cookie', async () =>
      reply.header('set-cookie', 'x=1').type('text/html; charset=utf-8').send('<p>mine</p>'),
    ),
  );
  afterAll(() => app.close());

  it('serves the bytes it kept until the version moves', async () => {
    const a = await app.inject('/page');
    const b = await app.inject('/page');
    expect(renders).toBe(1);
    expect(b.headers['x-page-cache']).toBe('hit');
    expect(b.body).toBe(a.body);
  });

  it('renders afresh for signed-in viewers and after the version moves', async () => {
    renders = 0;
    await app.inject({ url: '/page', headers: { 'x-user': '1' } });
    await app.inject({ url: '/page', headers: { 'x-user': '1' } });
    expect(renders).toBe(2);
    version++;
    expect((await app.inject('/page')).body).toBe('<p>render 3</p>');
    expect(renders).toBe(3);
  });

  it('keeps a page that shows only some domains through changes of the others', async () => {
    await app.inject('/comments');
    version++;
    expect((await app.inject('/comments')).headers['x-page-cache']).toBe('hit');
    expect((await app.inject('/page')).headers['x-page-cache']).toBe('miss');
  });

  it('answers with a strong ETag and public caching, and 304 to a client holding the page', async () => {
    const first = await app.inject('/constant');
    expect(first.headers['x-page-cache']).toBe('miss');
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[\w-]{27}"$/);
    expect(first.headers['cache-control']).toBe('public, max-age=0, s-maxage=10');
    expect(first.headers.vary).toBe('Cookie, Accept, Accept-Encoding');
    const hit = await app.inject('/constant');
    expect(hit.headers['x-page-cache']).toBe('hit');
    expect(hit.headers.etag).toBe(etag);
    const revalidated = await app.inject({
      url: '/constant',
      headers: { 'if-none-match': `"other", ${etag}` },
    });
    expect(revalidated.statusCode).toBe(304);
    expect(revalidated.body).toBe('');
    expect(revalidated.headers.etag).toBe(etag);
    expect(revalidated.headers['x-page-cache']).toBe('hit');
    // The data moved but the page did not change: the re-rendered bytes are still the client's copy.
    version++;
    const same = await app.inject({ url: '/constant', headers: { 'if-none-match': etag } });
    expect(same.headers['x-page-cache']).toBe('miss');
    expect(same.statusCode).toBe(304);
    const stale = await app.inject({ url: '/page', headers: { 'if-none-match': etag } });
    expect(stale.statusCode).toBe(200);
  });

  it('compresses a kept page once per coding, each with its own ETag', async () => {
    const plain = await app.inject('/constant');
    for (const [accept, coding, decode] of [
      ['gzip, deflate, br', 'br', brotliDecompressSync],
      ['gzip', 'gzip', gunzipSync],
    ] as const) {
      const res = await app.inject({ url: '/constant', headers: { 'accept-encoding': accept } });
      expect(res.headers['content-encoding']).toBe(coding);
      expect(decode(res.rawPayload).toString()).toBe(plain.body);
      expect(res.headers.etag).toBe(`${String(plain.headers.etag).slice(0, -1)}-${coding}"`);
      const again = await app.inject({
        url: '/constant',
        headers: { 'accept-encoding': accept, 'if-none-match': String(res.headers.etag) },
      });
      expect(again.statusCode).toBe(304);
      // The identity ETag does not stand for the compressed bytes.
      const other = await app.inject({
        url: '/constant',
        headers: { 'accept-encoding': accept, 'if-none-match': String(plain.headers.etag) },
      });
      expect(other.statusCode).toBe(200);
    }
  });

  it('sends a page just rendered with fast gzip, and brotli once it is asked for again', async () => {
    renders = 0;
    version++;
    const browser = { 'accept-encoding': 'gzip, deflate, br' };
    const miss = await app.inject({ url: '/page', headers: browser });
    expect(miss.headers['x-page-cache']).toBe('miss');
    expect(miss.headers['content-encoding']).toBe('gzip');
    const hit = await app.inject({ url: '/page', headers: browser });
    expect(hit.headers['x-page-cache']).toBe('hit');
    expect(hit.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(hit.rawPayload).toString()).toBe(gunzipSync(miss.rawPayload).toString());
    expect(renders).toBe(1);
  });

  it('never shares a signed-in page or one that sets a cookie', async () => {
    const mine = await app.inject({ url: '/page', headers: { 'x-user': '1' } });
    expect(mine.headers.etag).toBeUndefined();
    expect(String(mine.headers['cache-control'] ?? '')).not.toContain('public');
    const cookie = await app.inject('/cookie');
    expect(cookie.headers['cache-control']).toBeUndefined();
    expect((await app.inject('/cookie')).headers['x-page-cache']).toBe('miss');
  });

  it('keeps memory within its budget, evicting the least recently used', async () => {
    const small = createPageCache({ versions: async () => new Map([['papers', 1]]), maxBytes: 250 });
    const mini = Fastify();
    mini.get('/:n', (req, reply) =>
      small.serve(req, reply, (req.params as { n: string }).n, async () =>
        reply.type('text/html').send('x'.repeat(100)),
      ),
    );
    for (const n of ['1', '2', '3']) await mini.inject(`/${n}`);
    expect(small.size).toBe(2);
    expect((await mini.inject('/1')).headers['x-page-cache']).toBe('miss');
    expect((await mini.inject('/3')).headers['x-page-cache']).toBe('hit');
    await mini.close();
  });
});
