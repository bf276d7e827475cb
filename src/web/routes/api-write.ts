/**
 * Writing through the API, with a personal API token (`Authorization: Bearer pb_…`):
 * submit a paper, upvote, comment. Comments are also readable here without a token.
 * The same rules and per-user limits as the web forms apply: the use cases enforce them,
 * so form and API requests count against one budget.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { paperComments, postComment, publicComment } from '../../community/comments.ts';
import { submitPaper } from '../../community/submissions.ts';
import { vote } from '../../community/votes.ts';
import { NotFoundError } from '../../shared/errors.ts';
import { parseArxivId } from '../../shared/ids.ts';
import type { WebDeps } from '../deps.ts';
import { requireUser } from '../middleware/auth.ts';
import { type IdParams, paramId, parseInput } from '../middleware/validate.ts';
import { RESPONSES, type RouteDoc } from '../openapi.ts';

const submitBody = z.object({
  /** arXiv id or URL; `id` is accepted too, as HF names it. */
  paper: z.string().min(1).max(300).optional(),
  id: z.string().min(1).max(300).optional(),
  note: z.string().max(2000).optional(),
});
const commentBody = z.object({
  body: z.string().min(1).max(20_000),
  parentId: z.coerce.number().int().positive().optional(),
});

const paperParam = z.object({ id: z.string().describe('arXiv id') });

/** The write routes in the OpenAPI document (web/openapi.ts), from the schemas above. */
export const API_WRITE_DOCS: RouteDoc[] = [
  {
    method: 'post',
    path: '/api/papers/submit',
    tag: 'Papers',
    summary:
      'Submit a paper to the daily feed (API token); 202 when queued until arXiv answers; 409 if already featured',
    body: submitBody,
    token: true,
    responses: RESPONSES.createdOrQueued,
  },
  {
    method: 'post',
    path: '/api/papers/:id/upvote',
    tag: 'Papers',
    summary: 'Upvote (API token)',
    params: paperParam,
    token: true,
    responses: RESPONSES.json,
  },
  {
    method: 'delete',
    path: '/api/papers/:id/upvote',
    tag: 'Papers',
    summary: 'Remove your upvote (API token)',
    params: paperParam,
    token: true,
    responses: RESPONSES.json,
  },
  {
    method: 'get',
    path: '/api/papers/:id/comments',
    tag: 'Papers',
    summary: "A paper's comments, oldest first (deleted ones keep their place with body null)",
    params: paperParam,
    responses: RESPONSES.json,
  },
  {
    method: 'post',
    path: '/api/papers/:id/comments',
    tag: 'Papers',
    summary: 'Comment (API token)',
    params: paperParam,
    body: commentBody,
    token: true,
    responses: RESPONSES.created,
  },
];

export function apiWriteRoutes(deps: WebDeps) {
  const { config } = deps;
  const { http } = deps;

  return async function plugin(app: FastifyInstance) {
    app.post('/api/papers/submit', async (req, reply) => {
      const user = requireUser(req);
      const body = parseInput(submitBody, req.body);
      const paper = body.paper ?? body.id;
      if (!paper) throw new NotFoundError('Give the paper as "paper" (an arXiv id or URL).');
      const r = await submitPaper({ ...deps, http }, user, { paper, note: body.note });
      // 202: arXiv has not answered yet; the job queue features the paper when it does.
      return reply.code(r.status === 'queued' ? 202 : 201).send(r);
    });

    const upvote = (up: boolean) => async (req: import('fastify').FastifyRequest<{ Params: IdParams }>) => {
      const user = requireUser(req);
      const { id } = parseArxivId(paramId(req.params));
      return vote(deps, user, id, up);
    };
    // Every route taking an id also takes an old-style one with its raw slash
    // (/api/papers/hep-th/9901001/upvote), as well as the %2F form.
    for (const path of ['/api/papers/:id', '/api/papers/:archive/:num']) {
      app.post<{ Params: IdParams }>(`${path}/upvote`, upvote(true));
      app.delete<{ Params: IdParams }>(`${path}/upvote`, upvote(false));
      app.get<{ Params: IdParams }>(`${path}/comments`, listComments);
      app.post<{ Params: IdParams }>(`${path}/comments`, addComment);
    }
  };

  async function listComments(req: import('fastify').FastifyRequest<{ Params: IdParams }>) {
    const { id } = parseArxivId(paramId(req.params));
    return (await paperComments(deps, id)).map(publicComment);
  }

  async function addComment(
    req: import('fastify').FastifyRequest<{ Params: IdParams }>,
    reply: import('fastify').FastifyReply,
  ) {
    const user = requireUser(req);
    const { id } = parseArxivId(paramId(req.params));
    const body = parseInput(commentBody, req.body);
    const r = await postComment(deps, user, { arxivId: id, body: body.body, parentId: body.parentId });
    return reply.code(201).send(r);
  }
}
