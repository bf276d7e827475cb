/**
 * Conditional GETs for the API, feeds and exports: feed readers and scripts poll these
 * often, so an unchanged answer costs a 304 with no body.
 *
 * The ETag is a hash of the exact bytes sent, so it changes whenever anything shown
 * changes (votes included). Last-Modified is the newest change among the papers listed;
 * per RFC 9110 it is consulted only when the client sent no If-None-Match.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** The request's URL on this instance with some query parameters replaced: paging links. */
export function pageUrl(baseUrl: string, req: FastifyRequest, set: Record<string, string>): string {
  const u = new URL(req.url, baseUrl);
  const out = new URL(u.pathname, baseUrl);
  for (const [k, v] of u.searchParams) out.searchParams.set(k, v);
  for (const [k, v] of Object.entries(set)) out.searchParams.set(k, v);
  return out.toString();
}

/** RFC 8288 `Link` to the next and previous page of a `p`-paged answer. */
export function setPageLinks(
  baseUrl: string,
  req: FastifyRequest,
  reply: FastifyReply,
  p: number,
  hasMore: boolean,
) {
  const links: string[] = [];
  if (hasMore) links.push(`<${pageUrl(baseUrl, req, { p: String(p + 1) })}>; rel="next"`);
  if (p > 0) links.push(`<${pageUrl(baseUrl, req, { p: String(p - 1) })}>; rel="prev"`);
  if (links.length) reply.header('link', links.join(', '));
}

export interface CacheOptions {
  contentType: string;
  /** Seconds shared caches and clients may reuse the answer without asking again. */
  maxAge: number;
  lastModified?: Date;
  /**
   * One member's answer (a personal list): `private, no-store`, no validators, so neither
   * a shared cache nor another reader's conditional request can ever get it.
   */
  private?: boolean;
}

export function etagOf(body: string | Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

/** Whether an If-None-Match header names `etag` (weak comparison, as RFC 9110 asks for it). */
export function matchesEtag(header: string, etag: string): boolean {
  if (header.trim() === '*') return true;
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

/** Sends `body` with validators and Cache-Control, or a 304 when the client's copy is current. */
export function sendCached(req: FastifyRequest, reply: FastifyReply, body: string, opts: CacheOptions) {
  if (opts.private)
    return reply
      .header('cache-control', 'private, no-store')
      .header('vary', 'Cookie, Authorization')
      .type(opts.contentType)
      .send(body);
  const etag = etagOf(body);
  reply.header('etag', etag);
  reply.header('cache-control', `public, max-age=${opts.maxAge}`);
  reply.header('vary', 'Accept-Encoding');
  // HTTP dates have whole seconds; round down so a copy stamped this second compares equal.
  const lm = opts.lastModified ? Math.floor(opts.lastModified.getTime() / 1000) * 1000 : null;
  if (lm !== null) reply.header('last-modified', new Date(lm).toUTCString());
  const inm = req.headers['if-none-match'];
  const ims = req.headers['if-modified-since'];
  let notModified = false;
  if (inm) notModified = matchesEtag(inm, etag);
  else if (ims && lm !== null) {
    const since = Date.parse(ims);
    notModified = !Number.isNaN(since) && lm <= since;
  }
  if (notModified) return reply.code(304).send();
  return reply.type(opts.contentType).send(body);
}

/**
 * Open CORS for reads: the API and feeds are public data, so any web page may fetch
 * them. Only GET/HEAD get the header; writes stay same-origin. Preflights are answered
 * for the conditional-request headers browsers do not send without asking.
 */
export function allowCrossOriginReads(app: import('fastify').FastifyInstance, prefix: string) {
  app.addHook('onRequest', async (req, reply) => {
    if (req.method === 'GET' || req.method === 'HEAD') {
      reply.header('access-control-allow-origin', '*');
      reply.header('access-control-expose-headers', 'Link, ETag, Last-Modified, Retry-After');
    }
  });
  app.options(`${prefix}*`, async (_req, reply) =>
    reply
      .code(204)
      .header('access-control-allow-origin', '*')
      .header('access-control-allow-methods', 'GET, HEAD')
      .header('access-control-allow-headers', 'If-None-Match, If-Modified-Since')
      .header('access-control-max-age', '86400')
      .send(),
  );
}
