/**
 * The web application: plugins, security headers, static assets and every route module.
 * Routes are thin: validate → authorize → call a use case → present.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { Config } from '../config.ts';
import type { Db } from '../db/connect.ts';
import type { Mailer } from '../digest/mailer.ts';
import { dataVersion } from '../feed/version.repo.ts';
import type { HttpFetch } from '../ingest/http.ts';
import type { SemanticRetriever } from '../search/search.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/log.ts';
import { registerAuth } from './middleware/auth.ts';
import { registerErrorHandling } from './middleware/errors.tsx';
import { registerMetrics } from './middleware/metrics.ts';
import { createPageCache, type PageCache } from './page-cache.ts';
import { assetRoutes } from './routes/assets.ts';
import { authorRoutes } from './routes/authors.tsx';
import { communityRoutes } from './routes/community.ts';
import { digestRoutes } from './routes/digest.tsx';
import { interfaceRoutes } from './routes/interfaces.ts';
import { organizationRoutes } from './routes/organizations.tsx';
import { pageRoutes } from './routes/pages.tsx';
import { searchRoutes } from './routes/search.tsx';
import { tokenRoutes } from './routes/tokens.tsx';

export interface WebDeps {
  config: Config;
  db: Db;
  clock: Clock;
  log: Logger;
  /** Semantic search, when an embedder is configured (absent: keyword search only). */
  semantic?: SemanticRetriever | null;
  mailer: Mailer;
  /** How the submit flow reaches arXiv (absent: the real, polite HTTP client). Tests replay recordings. */
  http?: HttpFetch;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Rendered pages for anonymous readers, fresh against the data version (page-cache.ts). */
    pageCache: PageCache;
  }
}

const here = path.dirname(fileURLToPath(import.meta.url));
const katexDist = path.join(path.dirname(fileURLToPath(import.meta.resolve('katex/package.json'))), 'dist');

export async function buildApp(deps: WebDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    // Per-request access logs are off: a reverse proxy logs requests; we log errors.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 64 * 1024,
    trustProxy: true,
    routerOptions: { ignoreTrailingSlash: true },
  });

  // First, so every route (static files included) is counted.
  registerMetrics(app);
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'https:', 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
    },
    // Pages link to arXiv and GitHub; keep the referrer to the origin only.
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    hsts: deps.config.BASE_URL.startsWith('https://'),
  });
  await app.register(formbody, { bodyLimit: 64 * 1024 });
  await app.register(fastifyStatic, {
    root: path.join(here, 'assets'),
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
      stamp: () => dataVersion(deps.db),
      maxBytes: deps.config.PAGE_CACHE_MB * 1024 * 1024,
    }),
  );
  await app.register(assetRoutes());
  await registerAuth(app, deps);
  app.get('/healthz', async () => ({ ok: true }));
  await app.register(digestRoutes(deps));
  await app.register(pageRoutes(deps));
  await app.register(searchRoutes(deps));
  await app.register(interfaceRoutes(deps));
  await app.register(tokenRoutes(deps));
  await app.register(authorRoutes(deps));
  await app.register(organizationRoutes(deps));
  await app.register(communityRoutes(deps));
  return app;
}
