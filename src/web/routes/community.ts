/** Every community route: accounts, votes, comments, submissions, moderation. */
import type { FastifyInstance } from 'fastify';
import type { WebDeps } from '../deps.ts';
import { accountRoutes } from './account.tsx';
import { adminRoutes } from './admin.tsx';
import { commentRoutes } from './comments.tsx';
import { discoverRoutes } from './discover.tsx';
import { submitRoutes } from './submit.tsx';
import { voteRoutes } from './votes.tsx';

export function communityRoutes(deps: WebDeps) {
  return async function plugin(app: FastifyInstance) {
    await app.register(accountRoutes(deps));
    await app.register(voteRoutes(deps));
    await app.register(commentRoutes(deps));
    await app.register(discoverRoutes(deps));
    await app.register(submitRoutes(deps));
    await app.register(adminRoutes(deps));
  };
}
