/**
 * The browser bundle (built in memory at start, see ../bundle.ts) and the minified
 * stylesheet (../asset-version.ts), compressed once. A URL naming the current version
 * (`?v=…`, as pages link them) may be cached for a year; any other is revalidated by ETag.
 */
import { brotliCompressSync, gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CSS_VERSION, STYLESHEET } from '../asset-version.ts';
import { clientBundle } from '../bundle.ts';

const IMMUTABLE = 'public, max-age=31536000, immutable';

function asset(text: string, type: string, version: string) {
  const body = Buffer.from(text);
  const coded = { br: brotliCompressSync(body), gzip: gzipSync(body) };
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
    return reply.type(type).send(coding ? coded[coding] : body);
  };
}

export function assetRoutes() {
  return async function plugin(app: FastifyInstance) {
    const bundle = await clientBundle();
    app.get('/assets/app.js', asset(bundle.js, 'text/javascript; charset=utf-8', bundle.version));
    app.get('/assets/app.js.map', asset(bundle.map, 'application/json; charset=utf-8', bundle.version));
    app.get('/assets/app.css', asset(STYLESHEET, 'text/css; charset=utf-8', CSS_VERSION));
  };
}
