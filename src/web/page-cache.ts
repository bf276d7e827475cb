/**
 * Rendered pages for anonymous readers, reused until the data changes.
 *
 * A page is keyed by its URL and whatever else it depends on (e.g. today's feed date),
 * and stamped with the database's data version (feed/version.repo.ts), read *before*
 * the page's queries: a write during rendering leaves the entry already stale. Signed-in
 * viewers always get a fresh render (their pages show their votes and name).
 *
 * Pages that opt in must render the same for every anonymous visitor, except CSRF
 * tokens: those are cut out when storing and a fresh one for this visitor is put back
 * when serving. Memory is bounded by bytes, least recently used first out.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

const CSRF_VALUE = /(<input[^>]*?name="_csrf"[^>]*?value=")[^"]*(")/g;
const HOLE = '\u0000csrf\u0000';

interface Entry {
  stamp: string;
  /** With a hole where each visitor's CSRF token goes, when the page has one. */
  html: string;
  hasToken: boolean;
  /** Pages without tokens are kept encoded: no UTF-8 encoding per request. */
  bytes: Buffer | null;
}

export interface PageCache {
  /**
   * Serves `key` from the cache when fresh; otherwise runs `render` (which sends the
   * page) and keeps what it sent.
   */
  serve(
    req: FastifyRequest,
    reply: FastifyReply,
    key: string,
    render: () => Promise<unknown>,
  ): Promise<unknown>;
  readonly size: number;
}

export function createPageCache(opts: { stamp: () => Promise<string>; maxBytes?: number }): PageCache {
  const maxBytes = opts.maxBytes ?? 64 * 1024 * 1024;
  const entries = new Map<string, Entry>();
  let bytes = 0;

  const remove = (key: string) => {
    const e = entries.get(key);
    if (e) bytes -= size(e);
    entries.delete(key);
  };
  const store = (key: string, e: Entry) => {
    remove(key);
    entries.set(key, e);
    bytes += size(e);
    for (const k of entries.keys()) {
      if (bytes <= maxBytes) break;
      remove(k);
    }
  };

  return {
    get size() {
      return entries.size;
    },
    async serve(req, reply, key, render) {
      const anonymous = !(req as { user?: unknown }).user;
      if (!anonymous || req.method !== 'GET' || maxBytes === 0) return render();
      const stamp = await opts.stamp();
      const hit = entries.get(key);
      if (hit && hit.stamp === stamp) {
        // Refresh its place in the LRU order.
        entries.delete(key);
        entries.set(key, hit);
        const body = hit.bytes ?? hit.html.replaceAll(HOLE, csrfToken(reply));
        return reply.type('text/html; charset=utf-8').header('x-page-cache', 'hit').send(body);
      }
      reply.header('x-page-cache', 'miss');
      const sent = await captureHtml(reply, render);
      if (sent !== null && reply.statusCode === 200) {
        let hasToken = false;
        const html = sent.replace(CSRF_VALUE, (_m, a: string, b: string) => {
          hasToken = true;
          return `${a}${HOLE}${b}`;
        });
        store(
          key,
          hasToken
            ? { stamp, html, hasToken, bytes: null }
            : { stamp, html: '', hasToken, bytes: Buffer.from(html) },
        );
      }
      return reply;
    },
  };
}

const size = (e: Entry) => e.html.length + (e.bytes?.length ?? 0);

function csrfToken(reply: FastifyReply): string {
  const gen = (reply as { generateCsrf?: () => string }).generateCsrf;
  return typeof gen === 'function' ? gen.call(reply) : '';
}

/** Runs `render` and returns the HTML string it sent (null when it sent something else). */
async function captureHtml(reply: FastifyReply, render: () => Promise<unknown>): Promise<string | null> {
  let captured: string | null = null;
  const send = reply.send;
  reply.send = function (this: FastifyReply, payload?: unknown) {
    if (typeof payload === 'string' && String(this.getHeader('content-type') ?? '').startsWith('text/html'))
      captured = payload;
    return send.call(this, payload);
  } as typeof reply.send;
  try {
    await render();
  } finally {
    reply.send = send;
  }
  return captured;
}
