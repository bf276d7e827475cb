/**
 * Every community route (accounts, votes, …), sharing one set of rate limits.
 */
import type { FastifyInstance } from 'fastify';
import { RateLimiter } from '../../community/rate-limit.ts';
import type { WebDeps } from '../deps.ts';
import { accountRoutes } from './account.tsx';
import { adminRoutes } from './admin.tsx';
import { commentRoutes } from './comments.tsx';
import { discoverRoutes } from './discover.tsx';
import { submitRoutes } from './submit.tsx';
import { voteRoutes } from './votes.tsx';

export function communityRoutes(deps: WebDeps) {
  const limiter = new RateLimiter(deps.clock);
  return async function plugin(app: FastifyInstance) {
    await app.register(accountRoutes(deps, limiter));
    await app.register(voteRoutes(deps, limiter));
    await app.register(commentRoutes(deps, limiter));
    await app.register(discoverRoutes(deps));
    await app.register(submitRoutes(deps, limiter));
    await app.register(adminRoutes(deps));
  };
}
