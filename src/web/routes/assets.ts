/**
 * The browser bundle, the stylesheet (built at install, read at start: ../bundle.ts) and the icon,
 * each compressed once per coding, when first asked for. A URL naming the current version
 * (`?v=…`, as pages link them) may be cached for a year; any other is revalidated by ETag.
 */
import { brotliCompressSync, gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { clientAssets } from '../bundle.ts';

const IMMUTABLE = 'public, max-age=31536000, immutable';

function asset(text: string, type: string, version: string) {
  const body = Buffer.from(text);
  const coded: { br?: Buffer; gzip?: Buffer } = {};
  const compressed = (coding: 'br' | 'gzip') =>
    (coded[coding] ??= coding === 'br' ? brotliCompressSync(body) : gzipSync(body));
  const etag = `"${version}"`;
  return async (req: FastifyRequest<{ Querystring: { v?: string } }>, reply: FastifyReply) => {
    const accepted = String(req.headers['accept-encoding'] ?? '');
    const coding = /\bbr\b/.test(accepted) ? 'br' : /\bgzip\b/.test(accepted) ? 'gzip' : null;
    const tag = coding ? `"${version}-${coding}"` : etag;
    reply
      .header('cache-control', req.query.v === version ? IMMUTABLE : 'no-cache')
      .header('etag', tag)
      .header('vary', 'Accept-Encoding');
    if (req.headers['if-none-match'] === tag) return reply.code(304).send();
    if (coding) reply.header('content-encoding', coding);
    return reply.type(type).send(coding ? compressed(coding) : body);
  };
}

export function assetRoutes() {
  return async function plugin(app: FastifyInstance) {
    const a = await clientAssets();
    app.get('/assets/app.js', asset(a.js, 'text/javascript; charset=utf-8', a.jsVersion));
    app.get('/assets/app.js.map', asset(a.map, 'application/json; charset=utf-8', a.jsVersion));
    app.get('/assets/app.css', asset(a.css, 'text/css; charset=utf-8', a.cssVersion));
    app.get('/assets/favicon.svg', asset(a.icon, 'image/svg+xml', a.iconVersion));
  };
}
