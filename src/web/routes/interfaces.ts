/**
 * The open interfaces as one plugin: the JSON API, feeds, exports and the MCP server share
 * one rate limiter (so a client's budget covers them all) and token resolution.
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sharedRateLimitStore } from '../../community/rate-limit.ts';
import { authenticateToken, TOKEN_PREFIX } from '../../community/tokens.ts';
import { UnauthorizedError } from '../../shared/errors.ts';
import type { WebDeps } from '../deps.ts';
import { apiRoutes } from './api.tsx';
import { apiWriteRoutes } from './api-write.ts';
import { exportRoutes } from './exports.ts';
import { inboxRoutes } from './inbox.tsx';
import { listRoutes } from './lists.tsx';
import { mcpRoutes } from './mcp.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set when the request carried a valid personal API token: its id. */
    apiTokenId?: number;
    /** Set when it carried an Authorization header that is not a valid token. */
    apiTokenRefused?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Limits count requests per minute. */
const WINDOW_MS = 60_000;

export function rateLimitKey(req: FastifyRequest): string {
  return req.apiTokenId !== undefined ? `token:${req.apiTokenId}` : `ip:${req.ip}`;
}

export function interfaceRoutes(deps: WebDeps) {
  const { API_RATE_LIMIT, API_TOKEN_RATE_LIMIT } = deps.config;
  return async function plugin(app: FastifyInstance) {
    // Tokens are resolved before the rate limiter so a token's requests count against the
    // token; a bad token counts against the IP and is refused only after that count, so
    // guessing tokens is throttled like anything else.
    app.addHook('onRequest', async (req) => {
      const header = req.headers.authorization;
      if (!header) return;
      const m = /^Bearer\s+(\S+)$/i.exec(header);
      // A token of another service (huggingface_hub sends the saved Hugging Face token
      // with every call) means nothing here: reads go on anonymously; writes still need ours.
      if (m && !m[1]!.startsWith(TOKEN_PREFIX) && SAFE_METHODS.has(req.method)) return;
      const owner = m ? await authenticateToken(deps, m[1]!) : null;
      if (!owner) {
        req.apiTokenRefused = true;
        return;
      }
      req.apiTokenId = owner.tokenId;
      req.user = owner.user;
    });
    if (API_RATE_LIMIT > 0 || API_TOKEN_RATE_LIMIT > 0) {
      await app.register(rateLimit, {
        global: true,
        timeWindow: WINDOW_MS,
        keyGenerator: rateLimitKey,
        // Counted in the database on PostgreSQL, where several web nodes share one budget.
        store: deps.db.dialect === 'postgres' ? sharedRateLimitStore(deps, 'api') : undefined,
        // A limit of 0 means none: allow-list those clients instead of counting them.
        allowList: (req) => (req.apiTokenId !== undefined ? API_TOKEN_RATE_LIMIT : API_RATE_LIMIT) === 0,
        max: (req) => (req.apiTokenId !== undefined ? API_TOKEN_RATE_LIMIT : API_RATE_LIMIT),
        errorResponseBuilder: (_req, ctx) => ({
          statusCode: 429,
          code: 'rate_limited',
          message: `Too many requests: ${ctx.max} per minute. Retry in ${ctx.after}.`,
        }),
      });
    }
    // Before preHandler, where the CSRF check runs: a bad token is a 401, not a forgery.
    app.addHook('preValidation', async (req) => {
      if (req.apiTokenRefused)
        throw new UnauthorizedError('Invalid or revoked API token (send Authorization: Bearer pb_…).');
    });
    await app.register(apiRoutes(deps));
    await app.register(apiWriteRoutes(deps));
    await app.register(inboxRoutes(deps));
    await app.register(listRoutes(deps).reads);
    await app.register(exportRoutes(deps));
    await app.register(mcpRoutes(deps));
  };
}
