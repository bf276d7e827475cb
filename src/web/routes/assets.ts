/** The browser bundle, built in memory at start (see ../bundle.ts), with ETag revalidation. */
import type { FastifyInstance } from 'fastify';
import { clientBundle } from '../bundle.ts';

export function assetRoutes() {
  return async function plugin(app: FastifyInstance) {
    const bundle = await clientBundle();
    const serve =
      (body: string, type: string) =>
      async (req: import('fastify').FastifyRequest, reply: import('fastify').FastifyReply) => {
        // no-cache = revalidate every time; the ETag makes that a 304 with no body.
        reply.header('cache-control', 'no-cache').header('etag', bundle.etag);
        if (req.headers['if-none-match'] === bundle.etag) return reply.code(304).send();
        return reply.type(type).send(body);
      };
    app.get('/assets/app.js', serve(bundle.js, 'text/javascript; charset=utf-8'));
    app.get('/assets/app.js.map', serve(bundle.map, 'application/json; charset=utf-8'));
  };
}
