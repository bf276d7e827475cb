/**
 * The research inbox over HTTP, for the signed-in member (session) or their personal API
 * token: `/api/me/follows`, `/api/me/folders`, `/api/me/library`, `/api/me/marks`,
 * `/api/me/for-you`, `/api/me/following`, `/api/me/model`. Form posts (`/inbox/…`) do the
 * same from pages and redirect back. Every answer is private: `Cache-Control: private,
 * no-store`, never cached by the page cache or a proxy.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { SessionUser } from '../../community/types.ts';
import { listKind, type PaperList, parseListSpec, resolveList } from '../../feed/lists.ts';
import { toBibtexList, toRisList } from '../../formats/citations.ts';
import { FEED_TYPES, type FeedFormat } from '../../formats/feeds.ts';
import { exportModel, forgetModel } from '../../inbox/for-you.ts';
import { type ImportReport, importIntoLibrary } from '../../inbox/import.ts';
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
import { personalDeps } from '../../inbox/personal-kinds.ts';
import { NotFoundError } from '../../shared/errors.ts';
import type { WebDeps } from '../deps.ts';
import { requireUser, safeNext } from '../middleware/auth.ts';
import { wantsJson } from '../middleware/errors.tsx';
import { type IdParams, paramId, parseInput } from '../middleware/validate.ts';
import { LibraryPage, PrivateFeedsPage } from '../views/library.tsx';
import { renderPage } from '../views/render.tsx';
import { EXPORT_TYPES, sendListFeed } from './lists.tsx';

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

/** `/api/me/for-you` and `/api/me/following`: the list with its window, each paper with why it is here. */
export function presentPersonalList(list: PaperList) {
  return {
    from: list.about?.from ?? null,
    to: list.about?.to ?? null,
    coldStart: list.about?.coldStart ?? true,
    items: list.items.map((paper) => ({
      id: paper.arxivId,
      title: paper.title,
      authors: paper.authors,
      publishedAt: paper.publishedAt,
      upvotes: paper.upvotes,
      reasons: list.notes?.get(paper.id)?.reasons ?? [],
      read: list.notes?.get(paper.id)?.read ?? false,
    })),
  };
}

const truthy = (v: unknown) => v === true || v === '1' || v === 'true';

export const importBody = z.object({
  text: z.string().max(60_000),
  folder: z.union([z.coerce.number().int().positive(), z.literal('')]).optional(),
  newFolder: z.string().max(200).optional(),
});

/** Papers on one library page: a whole folder, in practice. */
const LIBRARY_PAGE_SIZE = 1000;

/** `/library`: the member's library page (signed in; never cached). */
export function inboxPages(deps: WebDeps) {
  return async function plugin(app: FastifyInstance) {
    app.get('/library', async (req, reply) => {
      if (!req.user) return reply.redirect(`/login?next=${encodeURIComponent(req.url)}`, 303);
      const q = parseInput(libraryQuery, req.query);
      return renderLibrary(deps, req, reply, q.folder === 'unfiled' ? null : q.folder);
    });
    const feedsPage = (reply: FastifyReply, urls: { forYou: string; following: string } | null) =>
      renderPage(reply.header('cache-control', 'private, no-store'), <PrivateFeedsPage urls={urls} />, {
        title: 'Private feeds',
        siteName: deps.config.SITE_NAME,
        canonical: `${deps.config.BASE_URL}/me/feeds`,
      });
    app.get('/me/feeds', async (req, reply) => {
      if (!req.user) return reply.redirect('/login?next=%2Fme%2Ffeeds', 303);
      return feedsPage(reply, null);
    });
    app.post('/me/feeds', async (req, reply) =>
      feedsPage(reply, privateFeedUrls(deps, await newFeedSecret(deps, requireUser(req)))),
    );
    app.post('/me/feeds/revoke', async (req, reply) => {
      await revokeFeedSecret(deps, requireUser(req));
      return reply.redirect('/me/feeds', 303);
    });
  };
}

/** The private feed URLs of a secret. */
function privateFeedUrls(deps: WebDeps, secret: string) {
  const base = `${deps.config.BASE_URL}/me/feeds/${secret}`;
  return { forYou: `${base}/for-you.rss`, following: `${base}/following.rss` };
}

/** The library page of one folder (null: unfiled; undefined: all), with an import's report when there is one. */
export async function renderLibrary(
  deps: WebDeps,
  req: FastifyRequest,
  reply: FastifyReply,
  folderId: number | null | undefined,
  report?: ImportReport,
) {
  const user = requireUser(req);
  const raw = folderId === undefined ? {} : { folder: folderId === null ? 'unfiled' : String(folderId) };
  const [list, all] = await Promise.all([
    resolveList({ ...deps, viewer: user }, parseListSpec('library', raw), LIBRARY_PAGE_SIZE),
    folders(deps, user),
  ]);
  reply.header('cache-control', 'private, no-store');
  return renderPage(reply, <LibraryPage list={list} folders={all} folderId={folderId} report={report} />, {
    title: list.title,
    siteName: deps.config.SITE_NAME,
    canonical: `${deps.config.BASE_URL}/library`,
  });
}

/** The private feed URLs' names of the personal list kinds. */
const SECRET_FEEDS = new Set(['for-you', 'following']);

export function inboxRoutes(deps: WebDeps) {
  const listDeps = personalDeps(deps);
  /** One of the member's lists, through the engine like every list. */
  const personal = (viewer: SessionUser, kind: string, raw: Record<string, unknown>, limit = 50) =>
    resolveList({ ...deps, viewer }, parseListSpec(kind, raw), limit);

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

    for (const kind of ['for-you', 'following'])
      app.get(`/api/me/${kind}`, async (req) => {
        const q = parseInput(listQuery, req.query);
        const hideRead = truthy(q.hideRead) ? '1' : undefined;
        return presentPersonalList(await personal(requireUser(req), kind, { hideRead }, q.limit));
      });
    app.get(
      '/api/me/model',
      async (req) => (await exportModel(listDeps, requireUser(req))) ?? { model: null },
    );
    app.delete('/api/me/model', async (req, reply) => {
      await forgetModel(listDeps, requireUser(req));
      return reply.code(204).send();
    });

    // The library's export is the library list's (`/exports/me/library.bib?folder=`), kept here for scripts.
    app.get<{ Params: { format: string } }>('/api/me/library.:format', async (req, reply) => {
      const format = req.params.format;
      if (format !== 'bib' && format !== 'ris') throw new NotFoundError('Export as .bib or .ris.');
      const q = parseInput(libraryQuery, req.query);
      const folder = q.folder === undefined ? {} : { folder: String(q.folder) };
      const list = await personal(requireUser(req), 'library', folder, listKind('library').exportSize);
      return reply
        .type(EXPORT_TYPES[format])
        .header('content-disposition', `attachment; filename="library.${format}"`)
        .send(format === 'bib' ? toBibtexList(list.items) : toRisList(list.items));
    });

    // Private feeds: a secret URL a feed reader can poll without signing in.
    app.post('/api/me/feed-secret', async (req, reply) => {
      const secret = await newFeedSecret(deps, requireUser(req));
      return reply.code(201).send({ secret, ...privateFeedUrls(deps, secret) });
    });
    app.delete('/api/me/feed-secret', async (req, reply) => {
      await revokeFeedSecret(deps, requireUser(req));
      return reply.code(204).send();
    });
    app.get<{ Params: { secret: string; list: string; format: string } }>(
      '/me/feeds/:secret/:list.:format',
      async (req, reply) => {
        const { secret, list, format } = req.params;
        if (!SECRET_FEEDS.has(list) || !(format in FEED_TYPES))
          throw new NotFoundError('Private feeds are for-you or following, as .rss, .atom or .json.');
        const owner = await feedOwner(deps, secret);
        // A feed reader has no "mark read" of ours: papers read here are left out.
        const found = await personal(owner, list, { hideRead: '1' });
        return sendListFeed(req, reply, deps, found, format as FeedFormat, `/me/feeds/${secret}/${list}`);
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
    const toFolder = (id: number | null) => `/library?folder=${id === null ? 'unfiled' : id}`;
    app.post('/inbox/folders', async (req, reply) => {
      const f = await createFolder(deps, requireUser(req), parseInput(folderBody, req.body).name);
      return wantsJson(req) ? reply.code(201).send(f) : reply.redirect(toFolder(f.id), 303);
    });
    app.post('/inbox/folders/:id/rename', async (req, reply) => {
      const { id } = parseInput(folderParam, req.params);
      const f = await renameLibraryFolder(deps, requireUser(req), id, parseInput(folderBody, req.body).name);
      return wantsJson(req) ? f : reply.redirect(toFolder(f.id), 303);
    });
    app.post('/inbox/folders/:id/delete', async (req, reply) => {
      const { id } = parseInput(folderParam, req.params);
      await deleteLibraryFolder(deps, requireUser(req), id);
      return wantsJson(req) ? { id, deleted: true } : reply.redirect('/library', 303);
    });
    app.post('/inbox/note', async (req, reply) => {
      const b = parseInput(
        noteBody.extend({ paper: z.string().min(1).max(300), next: z.string().max(500).optional() }),
        req.body,
      );
      await notePaper(deps, requireUser(req), b.paper, b.note);
      return wantsJson(req) ? { id: b.paper, note: b.note.trim() } : back(req, reply, b.next, '/library');
    });
    app.post('/inbox/import', async (req, reply) => {
      const b = parseInput(importBody, req.body);
      const report = await importIntoLibrary(
        deps,
        requireUser(req),
        { folderId: b.folder || null, newFolder: b.newFolder },
        b.text,
      );
      return wantsJson(req) ? report : renderLibrary(deps, req, reply, report.folderId, report);
    });
    app.post('/api/me/library/import', async (req) => {
      const b = parseInput(importBody, req.body);
      return importIntoLibrary(
        deps,
        requireUser(req),
        { folderId: b.folder || null, newFolder: b.newFolder },
        b.text,
      );
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
