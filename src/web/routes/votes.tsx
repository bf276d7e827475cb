/** POST /votes: upvote or remove an upvote. A form post redirects back; fetch() gets JSON. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { vote } from '../../community/votes.ts';
import { parseArxivId } from '../../shared/ids.ts';
import type { WebDeps } from '../deps.ts';
import { requireUser, safeNext } from '../middleware/auth.ts';
import { wantsJson } from '../middleware/errors.tsx';
import { parseInput } from '../middleware/validate.ts';

const voteBody = z.object({
  paper: z.string().min(1).max(300),
  action: z.enum(['up', 'down']),
  next: z.string().max(500).optional(),
});

export function voteRoutes(deps: WebDeps) {
  return async function plugin(app: FastifyInstance) {
    app.post('/votes', async (req, reply) => {
      const user = requireUser(req);
      const body = parseInput(voteBody, req.body);
      const { id } = parseArxivId(body.paper);
      const result = await vote(deps, user, id, body.action === 'up');
      if (wantsJson(req)) return result;
      return reply.redirect(safeNext(body.next ?? req.headers.referer, `/papers/${id}`), 303);
    });
  };
}
