/**
 * Every list kind of the registry (feed/kinds.ts), on every surface, with no per-kind code:
 *
 *   /feeds/{path}.rss | .atom | .json   RSS 2.0, Atom 1.0, JSON Feed 1.1
 *   /exports/{path}.bib | .ris          BibTeX, RIS
 *   /api/lists/{path}?p=&limit=         HF-compatible daily-paper items, paged
 *   the kind's page                     a generic list page, unless a page module of its own
 *                                       renders it (OWN_PAGES)
 *
 * Each handler validates (the kind's zod schema) → resolves the list (feed/lists.ts) → presents.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { LIST_KINDS } from '../../feed/kinds.ts';
import {
  type ListKind,
  type ListSpec,
  lastChange,
  type PaperList,
  parseListSpec,
  resolveList,
} from '../../feed/lists.ts';
import { toBibtexList, toRisList } from '../../formats/citations.ts';
import { FEED_TYPES, type FeedFormat, feedAlternates, renderFeed } from '../../formats/feeds.ts';
import { presentHfDailyItem } from '../../papers/present.ts';
import type { WebDeps } from '../deps.ts';
import { allowCrossOriginReads, sendCached, setPageLinks } from '../middleware/caching.ts';
import { wantsJson } from '../middleware/errors.tsx';
import { limitParam, pageParam, parseInput } from '../middleware/validate.ts';
import { RESPONSES, type RouteDoc } from '../openapi.ts';
import { FeedPage } from '../views/feed.tsx';
import { plural } from '../views/format.ts';
import { PersonalListPage } from '../views/inbox.tsx';
import { FollowButton } from '../views/inbox-buttons.tsx';
import { renderPage } from '../views/render.tsx';

/** Kinds whose HTML page is a page module of its own (pages.tsx, discover.tsx, search.tsx, new-listing.tsx, inbox.tsx). */
export const OWN_PAGES = new Set(['day', 'week', 'month', 'user', 'search', 'new', 'library']);

/** Feed readers poll; five minutes of reuse keeps them cheap and still fresh. */
export const FEED_MAX_AGE = 300;
/** Exports change when papers do; an hour of reuse is safe. */
export const EXPORT_MAX_AGE = 3600;
/** API answers change with every vote; a minute of reuse still spares polling scripts. */
export const API_MAX_AGE = 60;
/** Kinds one can follow from their page: the follow kind, the parameter it follows, and how the button names it. */
const FOLLOWABLE: Record<string, [kind: string, param: string, what: string]> = {
  author: ['author', 'name', 'this author'],
  category: ['category', 'category', 'this category'],
  organization: ['organisation', 'org', 'this organisation'],
};

/** Papers per page of a generic list page. */
const PAGE_SIZE = 50;

export const EXPORT_TYPES = {
  bib: 'application/x-bibtex; charset=utf-8',
  ris: 'application/x-research-info-systems; charset=utf-8',
} as const;

const pageQuery = z.object({ p: pageParam });
const apiQuery = z.object({ p: pageParam, limit: limitParam(100, 50) });

/** The named parameters of a query string (the rest belongs to someone else, e.g. the list kind). */
export function pick(query: unknown, keys: string[]): Record<string, unknown> {
  const q = (query ?? {}) as Record<string, unknown>;
  return Object.fromEntries(keys.filter((k) => q[k] !== undefined).map((k) => [k, q[k]]));
}

/** The list a request names: route parameters, plus the kind's parameters from the query string. */
export function listSpecOf(kind: ListKind, req: FastifyRequest, page = 0): ListSpec {
  const query = (req.query ?? {}) as Record<string, unknown>;
  const raw: Record<string, unknown> = { ...(req.params as Record<string, unknown>) };
  for (const k of Object.keys(kind.params.shape))
    if (!(k in raw) && query[k] !== undefined) raw[k] = query[k];
  return parseListSpec(kind.name, raw, page);
}

/** The list's feed in one format: public lists cached and validated, personal ones private. */
export function sendListFeed(
  req: FastifyRequest,
  reply: FastifyReply,
  deps: Pick<WebDeps, 'config' | 'clock'>,
  list: PaperList,
  format: FeedFormat,
  feedPath = list.links.feed,
) {
  const updated = lastChange(list.items, deps.clock.now());
  const doc = {
    baseUrl: deps.config.BASE_URL,
    siteName: deps.config.SITE_NAME,
    title: list.title,
    description: list.description,
    pagePath: list.links.page,
    feedPath,
    query: list.query,
    items: list.items,
    updated,
    reasons: list.notes,
  };
  return sendCached(req, reply, renderFeed(doc, format), {
    contentType: `${FEED_TYPES[format]}; charset=utf-8`,
    maxAge: FEED_MAX_AGE,
    lastModified: updated,
    private: list.personal,
  });
}

/** `inline` lets a browser show the text; the filename is what "save" or Zotero uses. */
export function sendExport(
  req: FastifyRequest,
  reply: FastifyReply,
  body: string,
  type: string,
  filename: string,
  lastModified: Date,
  personal = false,
) {
  reply.header('content-disposition', `inline; filename="${filename.replace(/[^\w.-]/g, '_')}"`);
  return sendCached(req, reply, body, {
    contentType: type,
    maxAge: EXPORT_MAX_AGE,
    lastModified,
    private: personal,
  });
}

/** Every kind's feeds, exports and API, described from the kind's own schema (web/openapi.ts). */
export function listRouteDocs(): RouteDoc[] {
  return LIST_KINDS.flatMap((kind): RouteDoc[] =>
    (
      [
        {
          method: 'get',
          path: `/api/lists/${kind.path}`,
          tag: 'Lists',
          summary: kind.summary,
          params: kind.params.extend(apiQuery.shape),
          responses: RESPONSES.dailyPapers,
        },
        {
          method: 'get',
          path: `/feeds/${kind.path}.{format}`,
          tag: 'Feeds',
          summary: `${kind.summary} (RSS 2.0, Atom 1.0 or JSON Feed 1.1)`,
          params: kind.params,
          formats: Object.keys(FEED_TYPES),
          responses: RESPONSES.feed,
        },
        {
          method: 'get',
          path: `/exports/${kind.path}.{format}`,
          tag: 'Citations',
          summary: `${kind.summary}, as BibTeX or RIS`,
          params: kind.params,
          formats: Object.keys(EXPORT_TYPES),
          responses: RESPONSES.citations,
        },
      ] satisfies RouteDoc[]
    ).map((doc) => (kind.personal ? { ...doc, token: true } : doc)),
  );
}

export function listRoutes(deps: WebDeps) {
  const { config, clock } = deps;
  const presentOpts = { defaultAvatarUrl: `${config.BASE_URL}/assets/favicon.svg` };
  /** The engine's dependencies with the reader: personal kinds need one, the others ignore it. */
  const viewing = (req: FastifyRequest) => ({ ...deps, viewer: req.user });

  function kindRoutes(app: FastifyInstance, kind: ListKind) {
    for (const format of Object.keys(FEED_TYPES) as FeedFormat[]) {
      app.get(`/feeds/${kind.path}.${format}`, async (req, reply) =>
        sendListFeed(req, reply, deps, await resolveList(viewing(req), listSpecOf(kind, req)), format),
      );
    }

    for (const format of ['bib', 'ris'] as const) {
      app.get(`/exports/${kind.path}.${format}`, async (req, reply) => {
        const list = await resolveList(viewing(req), listSpecOf(kind, req), kind.exportSize);
        const body = format === 'bib' ? toBibtexList(list.items) : toRisList(list.items);
        const name = `${list.links.export.replace(/^\/exports\//, '').replaceAll('/', '-')}.${format}`;
        const updated = lastChange(list.items, clock.now());
        return sendExport(req, reply, body, EXPORT_TYPES[format], name, updated, list.personal);
      });
    }

    app.get(`/api/lists/${kind.path}`, async (req, reply) => {
      const { p, limit } = parseInput(apiQuery, pick(req.query, ['p', 'limit']));
      const list = await resolveList(viewing(req), listSpecOf(kind, req, p), limit);
      setPageLinks(config.BASE_URL, req, reply, p, list.hasMore);
      const items = list.items.map((c) => {
        const score = list.scores?.get(c.id);
        const note = list.notes?.get(c.id);
        const announced = list.announced?.get(c.id);
        return {
          ...presentHfDailyItem(c, presentOpts),
          ...(score ? { trending: score } : {}),
          ...(announced ? { announceType: announced } : {}),
          ...(note ? { reasons: note.reasons, read: note.read } : {}),
        };
      });
      return sendCached(req, reply, JSON.stringify(items), {
        contentType: 'application/json; charset=utf-8',
        maxAge: API_MAX_AGE,
        private: list.personal,
      });
    });
  }

  /** A personal list's page: the signed-in member's own, rendered fresh, never cached. */
  function personalPage(app: FastifyInstance, kind: ListKind) {
    app.get(kind.page, async (req, reply) => {
      if (!req.user) return reply.redirect(`/login?next=${encodeURIComponent(req.url)}`, 303);
      const { p } = parseInput(pageQuery, pick(req.query, ['p']));
      const list = await resolveList(viewing(req), listSpecOf(kind, req, p), PAGE_SIZE);
      reply.header('cache-control', 'private, no-store');
      return renderPage(reply, <PersonalListPage list={list} />, {
        title: list.title,
        siteName: config.SITE_NAME,
        canonical: `${config.BASE_URL}${kind.page}`,
        description: list.description,
      });
    });
  }

  function kindPage(app: FastifyInstance, kind: ListKind) {
    if (kind.personal) return personalPage(app, kind);
    const followable = FOLLOWABLE[kind.name];
    // Parsed where the answer is made: a page served from the cache needs none of it (a
    // bad parameter is an error, and errors are never cached).
    const input = (req: FastifyRequest) => {
      const { p } = parseInput(pageQuery, pick(req.query, ['p']));
      return { p, spec: listSpecOf(kind, req, p), explain: kind.explain?.(config) };
    };
    app.get(kind.page, async (req, reply) => {
      // Scripts get the list with every component of each score.
      if (wantsJson(req)) {
        const { spec, explain } = input(req);
        const list = await resolveList(deps, spec, PAGE_SIZE);
        return {
          title: list.title,
          ...(explain ? { formula: explain.text, weights: explain.weights } : {}),
          papers: list.items.map((c) => ({
            arxivId: c.arxivId,
            title: c.title,
            upvotes: c.upvotes,
            comments: c.commentCount,
            featuredAt: c.featured?.submittedAt ?? null,
            ...list.scores?.get(c.id),
          })),
        };
      }
      // Scores decay with time: the hour is part of what the page depends on.
      const key = `list:${req.url}:${clock.now().toISOString().slice(0, 13)}`;
      return app.pageCache.serve(req, reply, key, async () => {
        const { p, spec, explain } = input(req);
        const list = await resolveList(deps, spec, PAGE_SIZE);
        const at = (n: number) => `${list.links.page}${list.links.page.includes('?') ? '&' : '?'}p=${n}`;
        return renderPage(
          reply,
          <FeedPage
            heading={list.title}
            subheading={
              list.total === undefined
                ? list.description
                : `${plural(list.total, 'paper')} · ${list.description}`
            }
            cards={list.items}
            showDates
            aside={
              <>
                {followable && (
                  <div class="follow-bar">
                    <FollowButton
                      kind={followable[0]}
                      value={list.spec.params[followable[1]] ?? ''}
                      what={followable[2]}
                      page={list.links.page}
                    />
                  </div>
                )}
                {explain && <p class="rules">{explain.text}</p>}
              </>
            }
            prev={p > 0 ? { href: at(p - 1), label: 'Previous page' } : null}
            next={list.hasMore ? { href: at(p + 1), label: 'Next page' } : null}
            empty="Nothing here yet."
          />,
          {
            title: list.title,
            siteName: config.SITE_NAME,
            canonical: `${config.BASE_URL}${list.links.page}`,
            description: list.description,
            feeds: feedAlternates(list.links.feed, list.title, list.query),
          },
        );
      });
    });
  }

  return {
    /** Feeds, exports and the API: public data any web page may fetch (and rate-limited with the API). */
    reads: async (app: FastifyInstance) => {
      allowCrossOriginReads(app, '/feeds/');
      allowCrossOriginReads(app, '/exports/');
      for (const kind of LIST_KINDS) kindRoutes(app, kind);
    },
    pages: async (app: FastifyInstance) => {
      for (const kind of LIST_KINDS) if (!OWN_PAGES.has(kind.name)) kindPage(app, kind);
    },
  };
}
