/**
 * HTML pages of the feed: today, a date, and a paper.
 */
import type { FastifyInstance } from 'fastify';
import { addDays, isValidDate } from '../../feed/dates.ts';
import { adjacentFeedDates, latestFeedDate, listFeed } from '../../feed/feed.repo.ts';
import { getPaperDetails } from '../../papers/paper-details.repo.ts';
import { NotFoundError, ValidationError } from '../../shared/errors.ts';
import { parseArxivId } from '../../shared/ids.ts';
import type { WebDeps } from '../app.ts';
import { FeedPage } from '../views/feed.tsx';
import { PaperPage } from '../views/paper.tsx';
import { renderPage } from '../views/render.tsx';

export function formatLongDate(date: string): string {
  return new Date(`${date}T00:00:00Z`).toLocaleDateString('en-US', {
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    timeZone: 'UTC',
  });
}

export function pageRoutes(deps: WebDeps) {
  const { config, db } = deps;
  const site = config.SITE_NAME;

  async function dayPage(date: string, isHome: boolean) {
    const [cards, adj] = await Promise.all([
      listFeed(db, { from: date, to: date }),
      adjacentFeedDates(db, date),
    ]);
    return {
      body: (
        <FeedPage
          heading={isHome ? 'Daily Papers' : formatLongDate(date)}
          subheading={isHome ? formatLongDate(date) : `${cards.length} papers featured`}
          cards={cards}
          prev={adj.prev ? { href: `/papers/date/${adj.prev}`, label: adj.prev } : null}
          next={adj.next ? { href: `/papers/date/${adj.next}`, label: adj.next } : null}
        />
      ),
    };
  }

  return async function plugin(app: FastifyInstance) {
    app.get('/', async (_req, reply) => {
      const date = (await latestFeedDate(db)) ?? addDays(new Date().toISOString().slice(0, 10), 0);
      const { body } = await dayPage(date, true);
      return renderPage(reply, body, { title: site, siteName: site, canonical: `${config.BASE_URL}/` });
    });

    app.get<{ Params: { date: string } }>('/papers/date/:date', async (req, reply) => {
      const { date } = req.params;
      if (!isValidDate(date))
        throw new ValidationError(`"${date.slice(0, 40)}" is not a date; expected YYYY-MM-DD.`);
      const { body } = await dayPage(date, false);
      return renderPage(reply, body, {
        title: `Papers of ${formatLongDate(date)}`,
        siteName: site,
        canonical: `${config.BASE_URL}/papers/date/${date}`,
      });
    });

    const paperHandler = async (rawId: string, reply: import('fastify').FastifyReply) => {
      const { id } = parseArxivId(rawId);
      const paper = await getPaperDetails(db, id);
      if (!paper) throw new NotFoundError(`arXiv:${id} is not in this instance yet.`);
      return renderPage(reply, <PaperPage paper={paper} />, {
        title: paper.title,
        siteName: site,
        canonical: `${config.BASE_URL}/papers/${paper.arxivId}`,
        description: paper.abstract.slice(0, 300),
      });
    };
    app.get<{ Params: { id: string } }>('/papers/:id', (req, reply) => paperHandler(req.params.id, reply));
    // Old-style ids contain a slash: /papers/hep-th/9901001
    app.get<{ Params: { archive: string; num: string } }>('/papers/:archive/:num', (req, reply) =>
      paperHandler(`${req.params.archive}/${req.params.num}`, reply),
    );
  };
}
