/** Comment forms: post / reply, edit (within the window), delete, flag. Each redirects to the comment. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { editComment, flagComment, postComment, removeOwnComment } from '../../community/comments.ts';
import { parseArxivId } from '../../shared/ids.ts';
import type { WebDeps } from '../deps.ts';
import { requireUser } from '../middleware/auth.ts';
import { wantsJson } from '../middleware/errors.tsx';
import { parseInput } from '../middleware/validate.ts';

const newBody = z.object({
  paper: z.string().min(1).max(300),
  body: z.string().max(20_000),
  parent: z.coerce.number().int().positive().optional(),
});
const editBody = z.object({ body: z.string().max(20_000) });
const flagBody = z.object({ reason: z.string().max(1000).optional() });
const idParams = z.object({ id: z.coerce.number().int().positive() });

export function commentRoutes(deps: WebDeps) {
  return async function plugin(app: FastifyInstance) {
    app.post('/comments', async (req, reply) => {
      const user = requireUser(req);
      const body = parseInput(newBody, req.body);
      const { id: arxivId } = parseArxivId(body.paper);
      const c = await postComment(deps, user, { arxivId, body: body.body, parentId: body.parent });
      if (wantsJson(req)) return reply.code(201).send(c);
      return reply.redirect(`/papers/${arxivId}#comment-${c.id}`, 303);
    });

    app.post('/comments/:id/edit', async (req, reply) => {
      const user = requireUser(req);
      const { id } = parseInput(idParams, req.params);
      const body = parseInput(editBody, req.body);
      const c = await editComment(deps, user, id, body.body);
      return reply.redirect(`/papers/${c.arxivId}#comment-${id}`, 303);
    });

    app.post('/comments/:id/delete', async (req, reply) => {
      const user = requireUser(req);
      const { id } = parseInput(idParams, req.params);
      const c = await removeOwnComment(deps, user, id);
      return reply.redirect(`/papers/${c.arxivId}#comments`, 303);
    });

    app.post('/comments/:id/flag', async (req, reply) => {
      const user = requireUser(req);
      const { id } = parseInput(idParams, req.params);
      const body = parseInput(flagBody, req.body);
      const c = await flagComment(deps, user, id, body.reason ?? '');
      return reply.redirect(`/papers/${c.arxivId}#comment-${id}`, 303);
    });
  };
}
