/**
 * Rendered pages for anonymous readers, reused until the data they show changes, and
 * made cacheable by browsers and shared caches (a reverse proxy or CDN).
 *
 * A page is keyed by its URL and whatever else it depends on (e.g. today's feed date),
 * and stamped with the versions of the data domains it shows (feed/version.repo.ts),
 * read *before* the page's queries: a write during rendering leaves the entry already
 * stale. Signed-in viewers always get a fresh, private render (their pages show their
 * votes, name and CSRF token).
 *
 * Anonymous pages carry no per-visitor data (no CSRF token: see middleware/auth.ts), so
 * the bytes sent are the bytes kept (compressed once per coding: fast gzip when just
 * rendered, brotli from the second request on), with a strong ETag (a hash of those
 * bytes) that answers If-None-Match with a 304, and `Cache-Control: public, max-age=0,
 * s-maxage=SHARED_MAX_AGE`: browsers revalidate every time (cheap: a 304 from memory),
 * shared caches may serve a page for SHARED_MAX_AGE seconds. `Vary: Cookie` keeps a
 * signed-in reader's request from being answered with the anonymous page.
 * Memory is bounded by bytes, least recently used first out.
 */
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DataVersions } from '../feed/version.repo.ts';
import { etagOf, matchesEtag } from './middleware/caching.ts';

/** Seconds a shared cache may serve an anonymous page without asking again (docs/DEPLOY.md). */
export const SHARED_MAX_AGE = 10;
const PUBLIC = `public, max-age=0, s-maxage=${SHARED_MAX_AGE}`;
// Accept: some pages answer JSON to scripts that ask for it (e.g. /papers/trending).
const VARY = 'Cookie, Accept, Accept-Encoding';

/** A page as sent, encoded once, and compressed once per content coding a client asked for. */
interface Page {
  body: Buffer;
  etag: string;
  br?: Buffer;
  gzip?: Buffer;
}

interface Entry extends Page {
  stamp: string;
}

export interface PageCache {
  /**
   * Serves `key` from the cache when fresh; otherwise runs `render` (which sends the
   * page) and keeps what it sent. `domains`: the data domains the page shows (default: all).
   */
  serve(
    req: FastifyRequest,
    reply: FastifyReply,
    key: string,
    render: () => Promise<unknown>,
    domains?: readonly string[],
  ): Promise<unknown>;
  readonly size: number;
}

export function createPageCache(opts: {
  versions: () => Promise<DataVersions>;
  maxBytes?: number;
}): PageCache {
  const maxBytes = opts.maxBytes ?? 64 * 1024 * 1024;
  const entries = new Map<string, Entry>();
  let bytes = 0;

  const remove = (key: string) => {
    const e = entries.get(key);
    if (e) bytes -= e.body.length;
    entries.delete(key);
  };
  const store = (key: string, e: Entry) => {
    remove(key);
    entries.set(key, e);
    bytes += e.body.length;
    for (const k of entries.keys()) {
      if (bytes <= maxBytes) break;
      remove(k);
    }
  };
  // The versions come back as the same object until something commits, and pages pass
  // their domains as constants: a page's stamp is made once per change, not per request.
  const stamps = new WeakMap<DataVersions, Map<readonly string[] | undefined, string>>();
  const stampOf = async (domains?: readonly string[]) => {
    const v = await opts.versions();
    let made = stamps.get(v);
    if (!made) {
      made = new Map();
      stamps.set(v, made);
    }
    let stamp = made.get(domains);
    if (stamp === undefined) {
      stamp = (domains ?? [...v.keys()].sort()).map((d) => `${d}:${v.get(d) ?? '?'}`).join(' ');
      made.set(domains, stamp);
    }
    return stamp;
  };

  return {
    get size() {
      return entries.size;
    },
    async serve(req, reply, key, render, domains) {
      if (req.user || req.method !== 'GET') return render();
      const stamp = maxBytes > 0 ? await stampOf(domains) : null;
      const hit = entries.get(key);
      if (hit && hit.stamp === stamp) {
        // Refresh its place in the LRU order.
        entries.delete(key);
        entries.set(key, hit);
        reply.header('x-page-cache', 'hit');
        return sendPage(req, reply.type('text/html; charset=utf-8'), hit, reply.send);
      }
      reply.header('x-page-cache', 'miss');
      const sent = await sendPublic(req, reply, render);
      if (sent && stamp !== null) store(key, Object.assign(sent, { stamp }));
      return reply;
    },
  };
}

/**
 * Sends a public page: brotli or gzip when the client accepts it (each representation has
 * its own ETag, as RFC 9110 asks), or a 304 when the client already holds it.
 */
function sendPage(
  req: FastifyRequest,
  reply: FastifyReply,
  page: Page,
  send: FastifyReply['send'],
  fresh = false,
) {
  const accepted = String(req.headers['accept-encoding'] ?? '');
  const br = /\bbr\b/.test(accepted);
  const gzip = /\bgzip\b/.test(accepted);
  // A page just rendered may never be asked for again (most searches are one-offs): it
  // goes out with fast gzip; brotli (smaller, several times slower to make) is made once,
  // when a page is asked for again.
  const coding = gzip && (fresh || !br) ? 'gzip' : br ? 'br' : null;
  const etag = coding ? `${page.etag.slice(0, -1)}-${coding}"` : page.etag;
  reply.header('etag', etag).header('cache-control', PUBLIC).header('vary', VARY);
  const inm = req.headers['if-none-match'];
  if (typeof inm === 'string' && matchesEtag(inm, etag)) return send.call(reply.code(304));
  if (!coding) return send.call(reply, page.body);
  if (coding === 'br')
    page.br ??= brotliCompressSync(page.body, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 6, [constants.BROTLI_PARAM_SIZE_HINT]: page.body.length },
    });
  else page.gzip ??= gzipSync(page.body, { level: 1 });
  return send.call(reply.header('content-encoding', coding), coding === 'br' ? page.br : page.gzip);
}

/**
 * Runs `render`; a 200 HTML page it sends goes out public (sendPage) and is returned;
 * anything else (errors, redirects, a page setting a cookie) goes out untouched and gives
 * null.
 */
async function sendPublic(
  req: FastifyRequest,
  reply: FastifyReply,
  render: () => Promise<unknown>,
): Promise<Page | null> {
  let page: Page | null = null;
  const send = reply.send;
  reply.send = function (this: FastifyReply, payload?: unknown) {
    const html = String(this.getHeader('content-type') ?? '').startsWith('text/html');
    // A response that sets a cookie is someone's own: never shared.
    const shareable = html && this.statusCode === 200 && !this.hasHeader('set-cookie');
    if (typeof payload !== 'string' || !shareable) return send.call(this, payload);
    const body = Buffer.from(payload);
    page = { body, etag: etagOf(body) };
    return sendPage(req, this, page, send, true);
  } as typeof reply.send;
  try {
    await render();
  } finally {
    reply.send = send;
  }
  return page;
}
