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
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { FEED_TYPES, type FeedFormat, renderFeed } from '../../interfaces/feeds.ts';
import { type ListSpec, lastChange, resolveList } from '../../interfaces/lists.ts';
import type { WebDeps } from '../app.ts';
import { allowCrossOriginReads, sendCached } from '../middleware/caching.ts';

/** Feed readers poll; five minutes of reuse keeps them cheap and still fresh. */
export const FEED_MAX_AGE = 300;

type Params = Record<string, string>;

const ROUTES: [string, (p: Params) => ListSpec][] = [
  ['/feeds/latest', () => ({ kind: 'latest' })],
  ['/feeds/trending', () => ({ kind: 'trending' })],
  ['/feeds/date/:date', (p) => ({ kind: 'date', date: p.date ?? '' })],
  ['/feeds/week/:week', (p) => ({ kind: 'week', week: p.week ?? '' })],
  ['/feeds/month/:month', (p) => ({ kind: 'month', month: p.month ?? '' })],
  ['/feeds/authors/:name', (p) => ({ kind: 'author', name: p.name ?? '' })],
  ['/feeds/categories/:category', (p) => ({ kind: 'category', category: p.category ?? '' })],
  ['/feeds/users/:handle', (p) => ({ kind: 'submissions', handle: p.handle ?? '' })],
];

export function feedRoutes(deps: WebDeps) {
  const { config } = deps;

  async function serve(req: FastifyRequest, reply: FastifyReply, spec: ListSpec, format: FeedFormat) {
    const list = await resolveList(deps, spec);
    const updated = lastChange(list.items, deps.clock.now());
    const body = renderFeed(
      {
        baseUrl: config.BASE_URL,
        siteName: config.SITE_NAME,
        title: list.title,
        description: list.description,
        pagePath: list.pagePath,
        feedPath: list.feedPath,
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
  }

  return async function plugin(app: FastifyInstance) {
    allowCrossOriginReads(app, '/feeds/');
    for (const [path, spec] of ROUTES) {
      for (const format of Object.keys(FEED_TYPES) as FeedFormat[]) {
        app.get<{ Params: Params }>(`${path}.${format}`, (req, reply) =>
          serve(req, reply, spec(req.params), format),
        );
      }
    }
  };
}
