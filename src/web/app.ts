/**
 * The web application: plugins, security headers, static assets and every route module.
 * Routes are thin: validate → authorize → call a use case → present.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import formbody from '@fastify/formbody';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { Config } from '../config.ts';
import { dataVersions } from '../feed/version.repo.ts';
import { createHttpFetch, type HttpFetch } from '../ingest/http.ts';
import { reportQueueMetrics } from '../jobs/metrics.ts';
import { createLifecycle } from '../ops/lifecycle.ts';
import { setMetricsNode } from '../shared/metrics.ts';
import type { WebDeps } from './deps.ts';
import { registerAuth } from './middleware/auth.ts';
import { registerErrorHandling } from './middleware/errors.tsx';
import { registerObservability, requestIdOf } from './middleware/observe.ts';
import { registerSecurityHeaders } from './middleware/security-headers.ts';
import { rejectRepeatedParams } from './middleware/validate.ts';
import { createPageCache, type PageCache } from './page-cache.ts';
import { assetRoutes } from './routes/assets.ts';
import { communityRoutes } from './routes/community.ts';
import { digestRoutes } from './routes/digest.tsx';
import { inboxPages } from './routes/inbox.tsx';
import { interfaceRoutes } from './routes/interfaces.ts';
import { listRoutes } from './routes/lists.tsx';
import { newListingRoutes } from './routes/new-listing.tsx';
import { opsRoutes } from './routes/ops.ts';
import { pageRoutes } from './routes/pages.tsx';
import { searchRoutes } from './routes/search.tsx';
import { similarRoutes } from './routes/similar.ts';
import { tokenRoutes } from './routes/tokens.tsx';

declare module 'fastify' {
  interface FastifyInstance {
    /** Rendered pages for anonymous readers, fresh against the data versions (page-cache.ts). */
    pageCache: PageCache;
    /** Every route of the app (method and URL pattern): the OpenAPI document and the route-table tests read it. */
    routeList: { method: string; url: string }[];
  }
}

/** Fastify's form of TRUST_PROXY: a hop count trusts the nearest N addresses of the chain. */
function trustProxyOption(v: Config['TRUST_PROXY']) {
  return typeof v === 'number' ? (_address: string, hop: number) => hop < v : v;
}

type ServerDeps = Pick<WebDeps, 'config' | 'log' | 'db' | 'clock' | 'lifecycle'>;

/**
 * A Fastify instance with what every Paperboy server shares: logging, request ids,
 * proxies, metrics, and /healthz, /readyz and /metrics.
 */
async function createServer(deps: ServerDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    // Per-request access logs are off: a reverse proxy logs requests; we log errors.
    logController: new LogController({ disableRequestLogging: true }),
    // The logger adds the request id to every line itself (shared/log.ts), jobs' lines
    // included, so a request logs through the server's logger: a child per request (made
    // for every request, logged or not) is only needed where a route sets its own level.
    genReqId: requestIdOf,
    childLoggerFactory: (logger, _bindings, opts) =>
      opts.level || opts.serializers ? logger.child({}, opts) : logger,
    // While draining, requests already on a kept-alive connection are still answered:
    // the proxy has stopped sending new ones (/readyz said 503 first).
    return503OnClosing: false,
    bodyLimit: 64 * 1024,
    // Client IPs (rate limits) and the scheme come from X-Forwarded-* only when the
    // connection is from a proxy named in TRUST_PROXY; otherwise anyone could claim any IP.
    trustProxy: trustProxyOption(deps.config.TRUST_PROXY),
    routerOptions: { ignoreTrailingSlash: true },
  });
  setMetricsNode(deps.config.NODE_NAME);
  reportQueueMetrics(deps);
  // First, so every route (static files included) is counted and carries its request id.
  registerObservability(app);
  const lifecycle = deps.lifecycle ?? createLifecycle();
  // Draining: each kept-alive connection ends after its current response, so the
  // server's close is not held up by idle connections and the proxy opens new ones elsewhere.
  app.addHook('onSend', (_req, reply, payload, done) => {
    if (lifecycle.draining) reply.header('connection', 'close');
    done(null, payload);
  });
  await app.register(opsRoutes({ db: deps.db, lifecycle }));
  return app;
}

/** What a worker node serves on its port: /healthz, /readyz and /metrics only. */
export function buildOpsApp(deps: ServerDeps): Promise<FastifyInstance> {
  return createServer(deps);
}

// From the project root, so the compiled program (dist/chunks/) serves the same files.
const assetsDir = fileURLToPath(new URL('../../src/web/assets', import.meta.url));
const katexDist = path.join(path.dirname(fileURLToPath(import.meta.resolve('katex/package.json'))), 'dist');

/** The web application. Without `http`, it builds the one real, polite arXiv client. */
export async function buildApp(
  given: Omit<WebDeps, 'http'> & { http?: HttpFetch },
): Promise<FastifyInstance> {
  const deps: WebDeps = { ...given, http: given.http ?? createHttpFetch(given.config) };
  const app = await createServer(deps);
  rejectRepeatedParams(app);
  const routes: { method: string; url: string }[] = [];
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) routes.push({ method, url: r.url });
  });
  app.decorate('routeList', routes);
  registerSecurityHeaders(app, { https: deps.config.BASE_URL.startsWith('https://') });
  await app.register(formbody, { bodyLimit: 64 * 1024 });
  await app.register(fastifyStatic, {
    root: assetsDir,
    prefix: '/assets/',
    maxAge: '1h',
  });
  await app.register(fastifyStatic, {
    root: katexDist,
    prefix: '/assets/katex/',
    decorateReply: false,
    maxAge: '7d',
  });

  registerErrorHandling(app);
  app.decorate(
    'pageCache',
    createPageCache({
      versions: () => dataVersions(deps.db),
      maxBytes: deps.config.PAGE_CACHE_MB * 1024 * 1024,
    }),
  );
  await app.register(assetRoutes());
  await registerAuth(app, deps);
  await app.register(digestRoutes(deps));
  await app.register(pageRoutes(deps));
  await app.register(newListingRoutes(deps));
  await app.register(searchRoutes(deps));
  await app.register(similarRoutes(deps));
  await app.register(interfaceRoutes(deps));
  await app.register(tokenRoutes(deps));
  await app.register(listRoutes(deps).pages);
  await app.register(communityRoutes(deps));
  await app.register(inboxPages(deps));
  return app;
}
