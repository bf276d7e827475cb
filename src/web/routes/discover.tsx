/** /users/{handle}: a member's profile, with their submissions (the `user` list kind). */
import type { FastifyInstance } from 'fastify';
import { loadProfile } from '../../community/profile.ts';
import { parseListSpec, resolveList } from '../../feed/lists.ts';
import { feedAlternates } from '../../formats/feeds.ts';
import type { WebDeps } from '../deps.ts';
import { ProfilePage } from '../views/profile.tsx';
import { renderPage } from '../views/render.tsx';

/** Submissions a profile shows; the rest are in the user's feed and API. */
const PROFILE_SUBMISSIONS = 30;

export function discoverRoutes(deps: WebDeps) {
  const { config } = deps;
  return async function plugin(app: FastifyInstance) {
    app.get<{ Params: { handle: string } }>('/users/:handle', async (req, reply) => {
      const profile = await loadProfile(deps, req.params.handle);
      const submitted = await resolveList(
        deps,
        parseListSpec('user', { handle: profile.user.handle }),
        PROFILE_SUBMISSIONS,
      );
      return renderPage(reply, <ProfilePage {...profile} submitted={submitted.items} />, {
        title: `${profile.user.displayName} (@${profile.user.handle})`,
        siteName: config.SITE_NAME,
        canonical: `${config.BASE_URL}${submitted.links.page}`,
        feeds: feedAlternates(submitted.links.feed, submitted.title, submitted.query),
      });
    });
  };
}
