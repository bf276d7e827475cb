/** /papers/trending and /users/{handle}. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { listUserComments } from '../../community/comments.repo.ts';
import { listSubmittedBy, listUpvotedBy, userJoinedAt } from '../../community/profiles.repo.ts';
import { findUserByHandle } from '../../community/users.repo.ts';
import { trendingPapers } from '../../feed/trending.ts';
import { FEED_DOMAINS } from '../../feed/version.repo.ts';
import { NotFoundError } from '../../shared/errors.ts';
import type { WebDeps } from '../app.ts';
import { wantsJson } from '../middleware/errors.tsx';
import { FeedPage } from '../views/feed.tsx';
import { ProfilePage } from '../views/profile.tsx';
import { renderPage } from '../views/render.tsx';

export function discoverRoutes(deps: WebDeps) {
  const { config } = deps;
  const site = config.SITE_NAME;
  return async function plugin(app: FastifyInstance) {
    app.get('/papers/trending', async (req, reply) => {
      // Scripts get the ranking with every component of each score.
      if (wantsJson(req)) {
        const papers = await trendingPapers(deps, 50);
        return {
          weights: {
            gravity: config.TRENDING_GRAVITY,
            commentWeight: config.TRENDING_COMMENT_WEIGHT,
            ageOffsetHours: config.TRENDING_AGE_OFFSET_HOURS,
          },
          papers: papers.map((p) => ({
            arxivId: p.arxivId,
            title: p.title,
            upvotes: p.upvotes,
            comments: p.commentCount,
            featuredAt: p.submittedAt,
            ...p.trending,
          })),
        };
      }
      // Scores decay by the hour: a page a minute old ranks the same.
      const minute = deps.clock.now().toISOString().slice(0, 16);
      return app.pageCache.serve(req, reply, `trending:${minute}`, () => trendingPage(reply), FEED_DOMAINS);
    });

    const trendingPage = async (reply: FastifyReply) => {
      const papers = await trendingPapers(deps, 50);
      const aside = (
        <p class="rules">
          Score = (upvotes + {config.TRENDING_COMMENT_WEIGHT} × comments) ÷ (hours since featured +{' '}
          {config.TRENDING_AGE_OFFSET_HOURS})<sup>{config.TRENDING_GRAVITY}</sup>: new papers that gather
          votes quickly rise; older ones fade.
        </p>
      );
      return renderPage(
        reply,
        <FeedPage
          heading="Trending"
          subheading="What the community is upvoting and discussing right now"
          cards={papers}
          showDates
          aside={aside}
          empty="Nothing has been featured yet."
        />,
        {
          title: 'Trending papers',
          siteName: site,
          canonical: `${config.BASE_URL}/papers/trending`,
          description:
            'Recently featured papers the community is upvoting and discussing, newest gains first.',
        },
      );
    };

    app.get<{ Params: { handle: string } }>('/users/:handle', async (req, reply) => {
      const user = await findUserByHandle(deps.db, req.params.handle.slice(0, 100));
      if (!user || user.status === 'deleted')
        throw new NotFoundError(`There is no user @${req.params.handle.slice(0, 40)}.`);
      const [joinedAt, submitted, upvoted, comments] = await Promise.all([
        userJoinedAt(deps.db, user.id),
        listSubmittedBy(deps.db, user.id),
        listUpvotedBy(deps.db, user.id),
        listUserComments(deps.db, user.id, 30),
      ]);
      return renderPage(
        reply,
        <ProfilePage
          user={user}
          joinedAt={joinedAt}
          submitted={submitted}
          upvoted={upvoted}
          comments={comments}
        />,
        {
          title: `${user.displayName} (@${user.handle})`,
          siteName: site,
          canonical: `${config.BASE_URL}/users/${encodeURIComponent(user.handle)}`,
        },
      );
    });
  };
}
