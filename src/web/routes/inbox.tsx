/**
 * The research inbox over HTTP, for the signed-in member (session) or their personal API
 * token: `/api/me/follows`, `/api/me/folders`, `/api/me/library`, `/api/me/marks`,
 * `/api/me/for-you`, `/api/me/following`, `/api/me/model`. Form posts (`/inbox/…`) do the
 * same from pages and redirect back. Every answer is private: `Cache-Control: private,
 * no-store`, never cached by the page cache or a proxy.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { toBibtexList, toRisList } from '../../formats/citations.ts';
import { FEED_TYPES, type FeedFormat, renderFeed } from '../../formats/feeds.ts';
import { following } from '../../inbox/following.ts';
import type { PersonalList } from '../../inbox/for-you.ts';
import {
  createRecommender,
  exportModel,
  forgetModel,
  forYou,
  recommenderSettings,
} from '../../inbox/for-you.ts';
import {
  createFolder,
  deleteLibraryFolder,
  feedOwner,
  folders,
  follow,
  follows,
  library,
  markPaper,
  moreLikeThis,
  newFeedSecret,
  notePaper,
  renameLibraryFolder,
  revokeFeedSecret,
  savePaper,
  unfollow,
  unsavePaper,
} from '../../inbox/inbox.ts';
import { searchSettings } from '../../search/settings.ts';
import { NotFoundError } from '../../shared/errors.ts';
import type { WebDeps } from '../deps.ts';
import { requireUser, safeNext } from '../middleware/auth.ts';
import { wantsJson } from '../middleware/errors.tsx';
import { type IdParams, paramId, parseInput } from '../middleware/validate.ts';
import { PersonalListPage } from '../views/inbox.tsx';
import { renderPage } from '../views/render.tsx';

export const followBody = z.object({ kind: z.string().max(20), value: z.string().min(1).max(300) });
export const folderBody = z.object({ name: z.string().max(200) });
export const saveBody = z.object({
  paper: z.string().min(1).max(300),
  folder: z.union([z.coerce.number().int().positive(), z.literal('')]).optional(),
  newFolder: z.string().max(200).optional(),
  action: z.enum(['save', 'unsave']).optional(),
  next: z.string().max(500).optional(),
});
export const noteBody = z.object({ note: z.string().max(10_000) });
export const markBody = z.object({
  paper: z.string().min(1).max(300),
  mark: z.enum(['read', 'hidden', 'never', 'more']),
  on: z.union([z.boolean(), z.enum(['1', '0', 'true', 'false'])]).optional(),
  next: z.string().max(500).optional(),
});
export const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  hideRead: z.enum(['1', '0', 'true', 'false']).optional(),
});
export const folderParam = z.object({ id: z.coerce.number().int().positive() });

export const libraryQuery = z.object({
  folder: z.union([z.coerce.number().int().positive(), z.literal('unfiled')]).optional(),
});

/** The JSON shape of a personal list item: the paper, why it is here, whether it was read. */
export function presentPersonalList(list: PersonalList) {
  return {
    from: list.from,
    to: list.to,
    coldStart: list.coldStart,
    items: list.items.map((i) => ({
      id: i.paper.arxivId,
      title: i.paper.title,
      authors: i.paper.authors,
      publishedAt: i.paper.publishedAt,
      upvotes: i.paper.upvotes,
      reasons: i.reasons,
      read: i.read,
    })),
  };
}

const truthy = (v: unknown) => v === true || v === '1' || v === 'true';

/** One recommender per database handle, shared by the API and the pages. */
const recommenders = new WeakMap<object, ReturnType<typeof createRecommender>>();

function personalDeps(deps: WebDeps) {
  let recommender = recommenders.get(deps.db);
  if (!recommender) {
    recommender = createRecommender(recommenderSettings(deps.config));
    recommenders.set(deps.db, recommender);
  }
  return { ...deps, recommender, search: { settings: searchSettings(deps.config) } };
}

/** `/for-you` and `/following`: the member's lists as pages (signed in; never cached). */
export function inboxPages(deps: WebDeps) {
  const listDeps = personalDeps(deps);
  return async function plugin(app: FastifyInstance) {
    for (const [path, title, find] of [
      ['/for-you', 'For You', forYou],
      ['/following', 'Following', following],
    ] as const) {
      app.get(path, async (req, reply) => {
        if (!req.user) return reply.redirect(`/login?next=${encodeURIComponent(path)}`, 303);
        const hideRead = truthy((req.query as Record<string, unknown>).hideRead);
        const list = await find(listDeps, req.user, { limit: 50, hideRead });
        reply.header('cache-control', 'private, no-store');
        return renderPage(
          reply,
          <PersonalListPage title={title} path={path} list={list} hideRead={hideRead} />,
          {
            title,
            siteName: deps.config.SITE_NAME,
            canonical: `${deps.config.BASE_URL}${path}`,
          },
        );
      });
    }
  };
}

export function inboxRoutes(deps: WebDeps) {
  const listDeps = personalDeps(deps);

  return async function plugin(app: FastifyInstance) {
    // Everything here is one member's: never stored by a cache.
    app.addHook('onSend', async (req, reply) => {
      if (req.url.startsWith('/api/me/') || req.url.startsWith('/inbox/') || req.url.startsWith('/me/feeds/'))
        reply.header('cache-control', 'private, no-store');
    });
    const back = (req: FastifyRequest, reply: FastifyReply, next: string | undefined, fallback: string) =>
      reply.redirect(safeNext(next ?? req.headers.referer, fallback), 303);

    app.get('/api/me/follows', async (req) => follows(deps, requireUser(req)));
    app.post('/api/me/follows', async (req, reply) => {
      const b = parseInput(followBody, req.body);
      return reply.code(201).send(await follow(deps, requireUser(req), b.kind, b.value));
    });
    app.delete('/api/me/follows', async (req) => {
      const b = parseInput(followBody, req.query);
      return unfollow(deps, requireUser(req), b.kind, b.value);
    });

    app.get('/api/me/folders', async (req) => folders(deps, requireUser(req)));
    app.post('/api/me/folders', async (req, reply) => {
      const b = parseInput(folderBody, req.body);
      return reply.code(201).send(await createFolder(deps, requireUser(req), b.name));
    });
    app.patch('/api/me/folders/:id', async (req) => {
      const { id } = parseInput(folderParam, req.params);
      return renameLibraryFolder(deps, requireUser(req), id, parseInput(folderBody, req.body).name);
    });
    app.delete('/api/me/folders/:id', async (req, reply) => {
      const { id } = parseInput(folderParam, req.params);
      await deleteLibraryFolder(deps, requireUser(req), id);
      return reply.code(204).send();
    });

    app.get('/api/me/library', async (req) => {
      const q = parseInput(libraryQuery, req.query);
      const items = await library(deps, requireUser(req), q.folder === 'unfiled' ? null : q.folder);
      return items.map((s) => ({
        id: s.paper.arxivId,
        title: s.paper.title,
        authors: s.paper.authors,
        folder: s.folderId,
        note: s.note,
        savedAt: s.savedAt,
      }));
    });
    app.post('/api/me/library', async (req, reply) => {
      const b = parseInput(saveBody, req.body);
      return reply.code(201).send(await savePaper(deps, requireUser(req), b.paper, b.folder || null));
    });
    // A saved paper by id, old-style ids with their raw slash too (hep-th/9901001).
    for (const path of ['/api/me/library/:id', '/api/me/library/:archive/:num']) {
      app.delete<{ Params: IdParams }>(path, async (req) =>
        unsavePaper(deps, requireUser(req), paramId(req.params)),
      );
      app.put<{ Params: IdParams }>(path, async (req) => {
        const paper = paramId(req.params);
        const { note } = parseInput(noteBody, req.body);
        await notePaper(deps, requireUser(req), paper, note);
        return { id: paper, note: note.trim() };
      });
    }

    app.post('/api/me/marks', async (req) => {
      const b = parseInput(markBody, req.body);
      const user = requireUser(req);
      if (b.mark === 'more') {
        await moreLikeThis(deps, user, b.paper);
        return { id: b.paper, mark: 'more', on: true };
      }
      return markPaper(deps, user, b.paper, b.mark, b.on === undefined ? true : truthy(b.on));
    });

    app.get('/api/me/for-you', async (req) => {
      const q = parseInput(listQuery, req.query);
      return presentPersonalList(
        await forYou(listDeps, requireUser(req), { limit: q.limit, hideRead: truthy(q.hideRead) }),
      );
    });
    app.get('/api/me/following', async (req) => {
      const q = parseInput(listQuery, req.query);
      return presentPersonalList(
        await following(listDeps, requireUser(req), { limit: q.limit, hideRead: truthy(q.hideRead) }),
      );
    });
    app.get(
      '/api/me/model',
      async (req) => (await exportModel(listDeps, requireUser(req))) ?? { model: null },
    );
    app.delete('/api/me/model', async (req, reply) => {
      await forgetModel(listDeps, requireUser(req));
      return reply.code(204).send();
    });

    app.get<{ Params: { format: string } }>('/api/me/library.:format', async (req, reply) => {
      const format = req.params.format;
      if (format !== 'bib' && format !== 'ris') throw new NotFoundError('Export as .bib or .ris.');
      const q = parseInput(libraryQuery, req.query);
      const papers = (await library(deps, requireUser(req), q.folder === 'unfiled' ? null : q.folder)).map(
        (s) => s.paper,
      );
      return reply
        .type(
          format === 'bib'
            ? 'application/x-bibtex; charset=utf-8'
            : 'application/x-research-info-systems; charset=utf-8',
        )
        .header('content-disposition', `attachment; filename="library.${format}"`)
        .send(format === 'bib' ? toBibtexList(papers) : toRisList(papers));
    });

    // Private feeds: a secret URL a feed reader can poll without signing in.
    app.post('/api/me/feed-secret', async (req, reply) => {
      const secret = await newFeedSecret(deps, requireUser(req));
      const base = `${deps.config.BASE_URL}/me/feeds/${secret}`;
      return reply
        .code(201)
        .send({ secret, forYou: `${base}/for-you.rss`, following: `${base}/following.rss` });
    });
    app.delete('/api/me/feed-secret', async (req, reply) => {
      await revokeFeedSecret(deps, requireUser(req));
      return reply.code(204).send();
    });
    app.get<{ Params: { secret: string; list: string; format: string } }>(
      '/me/feeds/:secret/:list.:format',
      async (req, reply) => {
        const { secret, list, format } = req.params;
        if ((list !== 'for-you' && list !== 'following') || !(format in FEED_TYPES))
          throw new NotFoundError('Private feeds are for-you or following, as .rss, .atom or .json.');
        const owner = await feedOwner(deps, secret);
        const found = await (list === 'for-you' ? forYou : following)(listDeps, owner, {
          limit: 50,
          hideRead: true,
        });
        const items = found.items.map((i) => i.paper);
        const title = list === 'for-you' ? 'For You' : 'Following';
        const doc = {
          baseUrl: deps.config.BASE_URL,
          siteName: deps.config.SITE_NAME,
          title: `${title} · ${owner.handle}`,
          description: `${title}: the private list of @${owner.handle}.`,
          pagePath: `/${list}`,
          feedPath: `/me/feeds/${secret}/${list}`,
          items,
          updated: new Date(
            items.reduce((m, p) => (p.modifiedAt > m ? p.modifiedAt : m), deps.clock.now().toISOString()),
          ),
        };
        return reply
          .type(`${FEED_TYPES[format as FeedFormat]}; charset=utf-8`)
          .send(renderFeed(doc, format as FeedFormat));
      },
    );

    // Form posts from pages (work without JavaScript; fetch() with Accept: JSON gets JSON).
    app.post('/inbox/save', async (req, reply) => {
      const b = parseInput(saveBody, req.body);
      const user = requireUser(req);
      let folder = b.folder || null;
      if (b.newFolder?.trim()) folder = (await createFolder(deps, user, b.newFolder)).id;
      const r =
        b.action === 'unsave'
          ? await unsavePaper(deps, user, b.paper)
          : await savePaper(deps, user, b.paper, folder);
      return wantsJson(req) ? r : back(req, reply, b.next, `/papers/${r.arxivId}`);
    });
    app.post('/inbox/follow', async (req, reply) => {
      const b = parseInput(
        followBody.extend({
          action: z.enum(['follow', 'unfollow']).optional(),
          next: z.string().max(500).optional(),
        }),
        req.body,
      );
      const user = requireUser(req);
      const r =
        b.action === 'unfollow'
          ? await unfollow(deps, user, b.kind, b.value)
          : await follow(deps, user, b.kind, b.value);
      return wantsJson(req) ? r : back(req, reply, b.next, '/following');
    });
    app.post('/inbox/mark', async (req, reply) => {
      const b = parseInput(markBody, req.body);
      const user = requireUser(req);
      if (b.mark === 'more') await moreLikeThis(deps, user, b.paper);
      else await markPaper(deps, user, b.paper, b.mark, b.on === undefined ? true : truthy(b.on));
      return wantsJson(req) ? { ok: true } : back(req, reply, b.next, '/for-you');
    });
  };
}
