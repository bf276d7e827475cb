/**
 * HTML pages of the feed: home (today), a day, an ISO week, a month, and a paper.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { loadPaperCommunity } from '../../community/paper-community.ts';
import { isoWeekOf, isoWeekRange, isValidDate, monthRange, todaysFeedDate } from '../../feed/dates.ts';
import { FEED_DOMAINS, type PaperList, parseListSpec, resolveList } from '../../feed/lists.ts';
import { latestDay, latestDayWithPapers, neighbours } from '../../feed/periods.ts';
import { citationMetaTags } from '../../formats/citations.ts';
import { feedAlternates } from '../../formats/feeds.ts';
import { latexToText } from '../../formats/latex-text.ts';
import { paperDetails } from '../../papers/paper-page.ts';
import { similarDeps } from '../../search/settings.ts';
import { findSimilarPapers } from '../../search/similar.ts';
import { ValidationError } from '../../shared/errors.ts';
import type { WebDeps } from '../deps.ts';
import { paperRouteId } from '../middleware/validate.ts';
import { PaperCommunity } from '../views/comments.tsx';
import { SubscribeBox } from '../views/digest.tsx';
import { FeedPage, type FeedView } from '../views/feed.tsx';
import { formatLongDate, formatMonth, formatWeek, plural } from '../views/format.ts';
import { PaperPage } from '../views/paper.tsx';
import { renderPage } from '../views/render.tsx';
import { listMeta, newListingView } from './new-listing.tsx';

export { formatLongDate };

/** Most papers a week or month page lists (the most upvoted ones). */
const PERIOD_LIMIT = 100;
/** Most papers a day page lists: every one of a busy day. */
const DAY_LIMIT = 500;

const dayHref = (d: string) => `/papers/date/${d}`;
const weekHref = (d: string) => `/papers/week/${isoWeekOf(d)}`;
const monthHref = (d: string) => `/papers/month/${d.slice(0, 7)}`;

function views(current: FeedView, date: string) {
  return { current, day: dayHref(date), week: weekHref(date), month: monthHref(date) };
}

export function pageRoutes(deps: WebDeps) {
  const { config } = deps;
  const site = config.SITE_NAME;
  const canonical = (p: string) => `${config.BASE_URL}${p}`;
  const today = () => todaysFeedDate(deps);
  const latest = () => latestDay(deps);
  const feeds = (list: PaperList) => feedAlternates(list.links.feed, list.title, list.query);

  async function dayBody(list: PaperList, date: string, isHome: boolean) {
    const cards = list.items;
    const adj = await neighbours(deps, date);
    return (
      <FeedPage
        heading={isHome ? 'Daily Papers' : formatLongDate(date)}
        subheading={
          isHome
            ? `${formatLongDate(date)} · ${plural(cards.length, 'paper')}`
            : `${plural(cards.length, 'paper')} featured`
        }
        cards={cards}
        views={views('day', date)}
        prev={adj.prev ? { href: dayHref(adj.prev), label: formatLongDate(adj.prev) } : null}
        next={adj.next ? { href: dayHref(adj.next), label: formatLongDate(adj.next) } : null}
        aside={isHome ? <SubscribeBox siteName={site} /> : undefined}
      />
    );
  }

  async function periodBody(list: PaperList, range: { from: string; to: string }, heading: string) {
    const view = list.kind.name as 'week' | 'month';
    const cards = list.items;
    const total = list.total ?? cards.length;
    const adj = await neighbours(deps, range.from, range.to);
    const label = (d: string) =>
      view === 'week' ? formatWeek(isoWeekOf(d), isoWeekRange(isoWeekOf(d))!) : formatMonth(d.slice(0, 7));
    const href = view === 'week' ? weekHref : monthHref;
    // The day tab opens the latest day of this period that has papers.
    const anchor =
      cards
        .flatMap((c) => c.featured?.feedDate ?? [])
        .sort()
        .at(-1) ?? range.from;
    return (
      <FeedPage
        heading={heading}
        subheading={`${plural(total, 'paper')} featured, most upvoted first`}
        cards={cards}
        total={total}
        showDates
        views={views(view, anchor)}
        prev={adj.prev ? { href: href(adj.prev), label: label(adj.prev) } : null}
        next={adj.next ? { href: href(adj.next), label: label(adj.next) } : null}
      />
    );
  }

  return async function plugin(app: FastifyInstance) {
    // Pages are cached for anonymous readers until the data changes (page-cache.ts);
    // a key names everything else a page depends on.
    const cache = app.pageCache;
    const feedPage = (
      req: FastifyRequest,
      reply: FastifyReply,
      key: string,
      render: () => Promise<unknown>,
    ) => cache.serve(req, reply, key, render, FEED_DOMAINS);

    app.get('/', (req, reply) =>
      feedPage(req, reply, `home:${today()}`, async () => {
        // Nothing featured yet: the newest arXiv listing, to feature papers from.
        if (!(await latestDayWithPapers(deps, today()))) {
          const { list, body } = await newListingView(deps, parseListSpec('new', {}), { home: true });
          return renderPage(reply, body, {
            ...listMeta(config, list),
            title: site,
            canonical: canonical('/'),
          });
        }
        const date = await latest();
        const list = await resolveList(deps, parseListSpec('day', { date }), DAY_LIMIT);
        return renderPage(reply, await dayBody(list, date, true), {
          title: site,
          siteName: site,
          canonical: canonical('/'),
          // Home always shows the latest day: its subscription is every featured paper.
          feeds: feedAlternates('/feeds/latest', 'Latest featured papers'),
          description: `Research papers featured on ${formatLongDate(date)}, most upvoted first.`,
        });
      }),
    );

    app.get<{ Params: { date: string } }>('/papers/date/:date', async (req, reply) => {
      const { date } = req.params;
      if (!isValidDate(date))
        throw new ValidationError(
          `"${date.slice(0, 40)}" is not a date; expected YYYY-MM-DD, e.g. 2026-08-21.`,
        );
      return feedPage(req, reply, `day:${date}`, async () => {
        const list = await resolveList(deps, parseListSpec('day', { date }), DAY_LIMIT);
        return renderPage(reply, await dayBody(list, date, false), {
          title: `Papers of ${formatLongDate(date)}`,
          siteName: site,
          canonical: canonical(dayHref(date)),
          feeds: feeds(list),
        });
      });
    });

    // The current period moves, so these redirects are temporary (302).
    app.get('/papers/date', async (_req, reply) => reply.redirect(dayHref(await latest())));
    app.get('/papers/week', async (_req, reply) => reply.redirect(weekHref(await latest())));
    app.get('/papers/month', async (_req, reply) => reply.redirect(monthHref(await latest())));

    app.get<{ Params: { week: string } }>('/papers/week/:week', async (req, reply) => {
      const { week } = req.params;
      const range = isoWeekRange(week);
      if (!range)
        throw new ValidationError(
          `"${week.slice(0, 40)}" is not an ISO week; expected YYYY-Www, e.g. ${isoWeekOf(today())}.`,
        );
      const heading = formatWeek(week, range);
      return feedPage(req, reply, `week:${week}`, async () => {
        const list = await resolveList(deps, parseListSpec('week', { week }), PERIOD_LIMIT);
        return renderPage(reply, await periodBody(list, range, heading), {
          title: `Papers of ${heading}`,
          siteName: site,
          canonical: canonical(`/papers/week/${week}`),
          feeds: feeds(list),
        });
      });
    });

    app.get<{ Params: { month: string } }>('/papers/month/:month', async (req, reply) => {
      const { month } = req.params;
      const range = monthRange(month);
      if (!range)
        throw new ValidationError(
          `"${month.slice(0, 40)}" is not a month; expected YYYY-MM, e.g. ${today().slice(0, 7)}.`,
        );
      return feedPage(req, reply, `month:${month}`, async () => {
        const list = await resolveList(deps, parseListSpec('month', { month }), PERIOD_LIMIT);
        return renderPage(reply, await periodBody(list, range, formatMonth(month)), {
          title: `Papers of ${formatMonth(month)}`,
          siteName: site,
          canonical: canonical(`/papers/month/${month}`),
          feeds: feeds(list),
        });
      });
    });

    const paperHandler = async (rawId: string, req: FastifyRequest, reply: FastifyReply) => {
      const id = paperRouteId(rawId);
      return cache.serve(req, reply, `paper:${id}`, () => paperPage(id, reply));
    };
    const paperPage = async (id: string, reply: FastifyReply) => {
      const paper = await paperDetails(deps, id);
      const [community, similar] = await Promise.all([
        loadPaperCommunity(deps, paper.id),
        findSimilarPapers(similarDeps(deps), paper),
      ]);
      const body = (
        <>
          <PaperPage paper={paper} similar={similar} />
          <PaperCommunity
            arxivId={paper.arxivId}
            upvotes={paper.upvotes}
            commentCount={paper.commentCount}
            featured={paper.featured}
            {...community}
          />
        </>
      );
      return renderPage(reply, body, {
        // Browsers show <title> and search engines the description as plain text.
        title: latexToText(paper.title),
        siteName: site,
        canonical: canonical(`/papers/${paper.arxivId}`),
        description: latexToText(paper.aiSummary ?? paper.abstract).slice(0, 300),
        metaTags: citationMetaTags({ ...paper, authors: paper.authors.map((a) => a.name) }),
      });
    };
    app.get<{ Params: { id: string } }>('/papers/:id', (req, reply) =>
      paperHandler(req.params.id, req, reply),
    );
    // Old-style ids contain a slash: /papers/hep-th/9901001
    app.get<{ Params: { archive: string; num: string } }>('/papers/:archive/:num', (req, reply) =>
      paperHandler(`${req.params.archive}/${req.params.num}`, req, reply),
    );
  };
}
