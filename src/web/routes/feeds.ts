/**
 * Every list as a feed, in three formats: `<path>.rss` (RSS 2.0), `<path>.atom`
 * (Atom 1.0) and `<path>.json` (JSON Feed 1.1).
 *
 *   /feeds/latest            papers as they are featured
 *   /feeds/trending          trending now
 *   /feeds/date/YYYY-MM-DD   one day of the feed
 *   /feeds/week/YYYY-Www     one ISO week
 *   /feeds/month/YYYY-MM     one month
 *   /feeds/authors/{name}    an author's papers
 *   /feeds/categories/{cat}  new papers in an arXiv category (e.g. cs.CL)
 *   /feeds/users/{handle}    a user's submissions
 *   /feeds/search?q=…        a saved search
 */
import type { FastifyInstance } from 'fastify';
import { FEED_TYPES, type FeedFormat, renderFeed } from '../../interfaces/feeds.ts';
import { LIST_PATHS, lastChange, resolveList } from '../../interfaces/lists.ts';
import type { WebDeps } from '../app.ts';
import { allowCrossOriginReads, sendCached } from '../middleware/caching.ts';
import { listDeps } from './lists.ts';

/** Feed readers poll; five minutes of reuse keeps them cheap and still fresh. */
export const FEED_MAX_AGE = 300;

type Params = Record<string, string | undefined>;

export function feedRoutes(deps: WebDeps) {
  const { config } = deps;
  const lists = listDeps(deps);

  return async function plugin(app: FastifyInstance) {
    allowCrossOriginReads(app, '/feeds/');
    for (const [path, specOf] of LIST_PATHS) {
      for (const format of Object.keys(FEED_TYPES) as FeedFormat[]) {
        app.get<{ Params: Params; Querystring: Params }>(`/feeds/${path}.${format}`, async (req, reply) => {
          const list = await resolveList(lists, specOf(req.params, req.query));
          const updated = lastChange(list.items, deps.clock.now());
          const body = renderFeed(
            {
              baseUrl: config.BASE_URL,
              siteName: config.SITE_NAME,
              title: list.title,
              description: list.description,
              pagePath: list.pagePath,
              feedPath: list.feedPath,
              query: list.query,
              items: list.items,
              updated,
            },
            format,
          );
          return sendCached(req, reply, body, {
            contentType: `${FEED_TYPES[format]}; charset=utf-8`,
            maxAge: FEED_MAX_AGE,
            lastModified: updated,
          });
        });
      }
    }
  };
}
