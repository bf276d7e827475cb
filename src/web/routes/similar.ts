/** `GET /api/papers/{id}/similar?limit=`: the paper page's "Similar papers" as JSON. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { presentHfPaper } from '../../papers/present.ts';
import { similarDeps } from '../../search/settings.ts';
import { similarToArxivId } from '../../search/similar.ts';
import { NotFoundError } from '../../shared/errors.ts';
import { parseArxivId } from '../../shared/ids.ts';
import type { WebDeps } from '../deps.ts';
import { sendCached } from '../middleware/caching.ts';
import { limitParam, parseInput } from '../middleware/validate.ts';
import { RESPONSES, type RouteDoc } from '../openapi.ts';
import { API_MAX_AGE } from './lists.tsx';

export const SIMILAR_MAX = 50;

const similarQuery = z.object({ limit: limitParam(SIMILAR_MAX, 10) });

export const SIMILAR_DOCS: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/papers/:id/similar',
    tag: 'Papers',
    summary: 'Papers similar to one, most similar first (as on its page)',
    description:
      'Nearest by embedding when the paper has one, else by its most distinctive words; never the paper ' +
      'itself or hidden papers. Each item also has similarBy: meaning | words.',
    params: similarQuery.extend({ id: z.string().describe('arXiv id, with or without version') }),
    responses: RESPONSES.papers,
  },
];

export function similarRoutes(deps: WebDeps) {
  const { config } = deps;
  const presentOpts = { defaultAvatarUrl: `${config.BASE_URL}/assets/favicon.svg` };
  const simDeps = similarDeps(deps);

  async function similar(rawId: string, req: FastifyRequest, reply: FastifyReply) {
    const { id } = parseArxivId(rawId);
    const { limit } = parseInput(similarQuery, req.query);
    const r = await similarToArxivId(simDeps, id, limit);
    if (!r) throw new NotFoundError(`Paper ${id} is not indexed on this instance.`);
    const items = r.cards.map((p) => ({ ...presentHfPaper(p, presentOpts), similarBy: r.by }));
    return sendCached(req, reply, JSON.stringify(items), {
      contentType: 'application/json; charset=utf-8',
      maxAge: API_MAX_AGE,
    });
  }

  return async function plugin(app: FastifyInstance) {
    app.get<{ Params: { id: string } }>('/api/papers/:id/similar', (req, reply) =>
      similar(req.params.id, req, reply),
    );
    // Old-style ids contain a slash: /api/papers/hep-th/9901001/similar
    app.get<{ Params: { archive: string; num: string } }>('/api/papers/:archive/:num/similar', (req, reply) =>
      similar(`${req.params.archive}/${req.params.num}`, req, reply),
    );
  };
}
