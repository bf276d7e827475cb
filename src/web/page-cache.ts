/**
 * Rendered pages for anonymous readers, reused until the data changes.
 *
 * A page is keyed by its URL and whatever else it depends on (e.g. today's feed date),
 * and stamped with the database's data version (feed/version.repo.ts), read *before*
 * the page's queries: a write during rendering leaves the entry already stale. Signed-in
 * viewers always get a fresh render (their pages show their votes and name).
 *
 * Pages that opt in must render the same for every anonymous visitor: anonymous pages
 * carry no per-visitor data (no CSRF token: see middleware/auth.ts), so the bytes sent
 * are the bytes kept. Memory is bounded by bytes, least recently used first out.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

interface Entry {
  stamp: string;
  /** The page as sent, encoded once. */
  body: Buffer;
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
        return reply.type('text/html; charset=utf-8').header('x-page-cache', 'hit').send(hit.body);
      }
      reply.header('x-page-cache', 'miss');
      const sent = await captureHtml(reply, render);
      if (sent !== null && reply.statusCode === 200) store(key, { stamp, body: Buffer.from(sent) });
      return reply;
    },
  };
}

const size = (e: Entry) => e.body.length;

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
