/** Moderator routes: the moderation page, hide a paper, remove a comment, suspend a member. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  moderationOverview,
  removeComment,
  setPaperHidden,
  setUserSuspended,
} from '../../community/moderation.ts';
import { parseArxivId } from '../../shared/ids.ts';
import type { WebDeps } from '../deps.ts';
import { requireAdmin } from '../middleware/auth.ts';
import { parseInput } from '../middleware/validate.ts';
import { AdminPage } from '../views/admin.tsx';
import { renderPage } from '../views/render.tsx';

const reason = z.string().max(2000).optional();
const hideBody = z.object({ paper: z.string().max(300), hide: z.enum(['0', '1']), reason });
const suspendBody = z.object({ suspend: z.enum(['0', '1']), reason });
const idParams = z.object({ id: z.coerce.number().int().positive() });

export function adminRoutes(deps: WebDeps) {
  return async function plugin(app: FastifyInstance) {
    app.get('/admin', async (req, reply) => {
      requireAdmin(req);
      const { flagged, log } = await moderationOverview(deps);
      return renderPage(reply, <AdminPage flagged={flagged} log={log} />, {
        title: 'Moderation',
        siteName: deps.config.SITE_NAME,
      });
    });

    app.post('/admin/papers/hide', async (req, reply) => {
      const admin = requireAdmin(req);
      const body = parseInput(hideBody, req.body);
      const { id } = parseArxivId(body.paper);
      await setPaperHidden(deps, admin, id, body.hide === '1', body.reason);
      return reply.redirect(`/papers/${id}`, 303);
    });

    app.post('/admin/comments/:id/remove', async (req, reply) => {
      const admin = requireAdmin(req);
      const { id } = parseInput(idParams, req.params);
      const body = parseInput(z.object({ reason }), req.body);
      const c = await removeComment(deps, admin, id, body.reason);
      return reply.redirect(`/papers/${c.arxivId}#comment-${id}`, 303);
    });

    app.post<{ Params: { handle: string } }>('/admin/users/:handle/suspend', async (req, reply) => {
      const admin = requireAdmin(req);
      const body = parseInput(suspendBody, req.body);
      const u = await setUserSuspended(
        deps,
        admin,
        req.params.handle.slice(0, 100),
        body.suspend === '1',
        body.reason,
      );
      return reply.redirect(`/users/${encodeURIComponent(u.handle)}`, 303);
    });
  };
}
