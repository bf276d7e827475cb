/**
 * The page of the `new` list kind ("New on arXiv"): `/papers/new` (the newest listing day)
 * and `/papers/new/{date}`, with a category filter, the replacements toggle and the days
 * before and after. Its API, feeds and exports are the generic ones of lists.tsx; the list
 * is resolved by the engine like any other.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  FEED_DOMAINS,
  type ListSpec,
  listKind,
  listLinks,
  type PaperList,
  resolveList,
} from '../../feed/lists.ts';
import { adjacentListingDays, listingDay, parseCategories } from '../../feed/new-listing.ts';
import { feedAlternates } from '../../formats/feeds.ts';
import type { WebDeps } from '../deps.ts';
import { pageParam, parseInput } from '../middleware/validate.ts';
import { FeedPage, type Link } from '../views/feed.tsx';
import { formatLongDate, plural } from '../views/format.ts';
import { renderPage } from '../views/render.tsx';
import { listSpecOf, pick } from './lists.tsx';

/** Papers per page: every new submission of a busy day in cs. */
const PAGE_SIZE = 500;
const pageQuery = z.object({ p: pageParam });

/** The listing of a spec, ready to render: its heading, day links, filter and cards. */
export async function newListingView(deps: WebDeps, spec: ListSpec, opts: { home?: boolean } = {}) {
  const kind = listKind('new');
  const list = await resolveList(deps, spec, PAGE_SIZE);
  const params = list.spec.params;
  const day = await listingDay(deps.db, params.date);
  const at = (over: Record<string, string | undefined>) => {
    const next = { ...params, ...over };
    for (const k of Object.keys(next)) if (next[k] === undefined) delete next[k];
    return listLinks(kind, next as Record<string, string>).links.page;
  };
  const adj = day ? await adjacentListingDays(deps.db, day) : { prev: null, next: null };
  const dayLink = (d: string | null): Link | null =>
    d ? { href: at({ date: d }), label: formatLongDate(d) } : null;
  const cats = parseCategories(params.cat);
  const showsReplacements = params.replacements === '1';
  const page = spec.page;
  const paged = (n: number) => `${at({})}${at({}).includes('?') ? '&' : '?'}p=${n}`;
  const body = (
    <FeedPage
      heading={opts.home ? 'New on arXiv' : day ? `New on arXiv: ${formatLongDate(day)}` : 'New on arXiv'}
      subheading={
        day
          ? `${opts.home ? `${formatLongDate(day)} · ` : ''}${plural(list.total ?? 0, 'paper')}${cats.length ? ` in ${cats.join(', ')}` : ''} · new submissions, then cross-lists${showsReplacements ? ', then replacements' : ''}`
          : undefined
      }
      cards={list.items}
      announced={list.announced}
      prev={dayLink(adj.prev)}
      next={dayLink(adj.next)}
      aside={
        <>
          {opts.home && (
            <p class="notice">
              Nothing has been featured here yet. These are the papers arXiv announced most recently: feature
              the ones worth reading, and they start the daily feed.
            </p>
          )}
          <form class="listing-filter" method="get" action={at({ cat: undefined, replacements: undefined })}>
            <label for="listing-cat">Categories</label>
            <input
              id="listing-cat"
              name="cat"
              value={cats.join(',')}
              placeholder={deps.config.ARXIV_CATEGORIES.join(',')}
            />
            <label>
              <input type="checkbox" name="replacements" value="1" checked={showsReplacements} /> Show
              replacements
            </label>
            <button type="submit">Filter</button>
          </form>
          <nav class="listing-links" aria-label="Listing filters">
            {deps.config.ARXIV_CATEGORIES.map((c) => (
              <a href={at({ cat: c })} aria-current={cats.length === 1 && cats[0] === c ? 'page' : undefined}>
                {c}
              </a>
            ))}
            {cats.length > 0 && <a href={at({ cat: undefined })}>All categories</a>}
            <a href={at({ replacements: showsReplacements ? undefined : '1' })}>
              {showsReplacements ? 'Hide replacements' : 'Show replacements'}
            </a>
          </nav>
          {(page > 0 || list.hasMore) && (
            <nav class="pager" aria-label="Pages of this day">
              {page > 0 ? <a href={paged(page - 1)}>Previous page</a> : <span />}
              {list.hasMore ? <a href={paged(page + 1)}>Next page</a> : <span />}
            </nav>
          )}
        </>
      }
      empty={
        day
          ? `arXiv announced nothing${cats.length ? ` in ${cats.join(', ')}` : ''} here on this day.`
          : 'No arXiv announcements here yet: they arrive with the daily arXiv ingest (ARXIV_INGEST=1) or any import.'
      }
    />
  );
  return { list, day, body };
}

export function newListingRoutes(deps: WebDeps) {
  const { config } = deps;
  return async function plugin(app: FastifyInstance) {
    const page = async (req: FastifyRequest, reply: FastifyReply) => {
      const { p } = parseInput(pageQuery, pick(req.query, ['p']));
      const spec = listSpecOf(listKind('new'), req, p);
      return app.pageCache.serve(
        req,
        reply,
        `new:${req.url}`,
        async () => {
          const { list, body } = await newListingView(deps, spec);
          return renderPage(reply, body, listMeta(config, list));
        },
        FEED_DOMAINS,
      );
    };
    app.get('/papers/new', page);
    app.get('/papers/new/:date', page);
  };
}

/** Title, canonical URL and feeds of a listing page. */
export function listMeta(config: WebDeps['config'], list: PaperList) {
  return {
    title: list.title,
    siteName: config.SITE_NAME,
    canonical: `${config.BASE_URL}${list.links.page}`,
    description: list.description,
    feeds: feedAlternates(list.links.feed, list.title, list.query),
  };
}
