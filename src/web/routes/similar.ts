/** `GET /api/papers/{id}/similar?limit=`: the paper page's "Similar papers" as JSON. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { loadApiPapers } from '../../interfaces/papers-api.repo.ts';
import { presentHfPaper } from '../../papers/present.ts';
import { searchSettings } from '../../search/settings.ts';
import { paperTextByArxivId } from '../../search/similar.repo.ts';
import { findSimilarPapers } from '../../search/similar.ts';
import { NotFoundError } from '../../shared/errors.ts';
import { parseArxivId } from '../../shared/ids.ts';
import type { WebDeps } from '../app.ts';
import { sendCached } from '../middleware/caching.ts';
import { API_MAX_AGE, parseQuery } from './api.tsx';

export const SIMILAR_MAX = 50;

const similarQuery = z.object({
  limit: z.coerce
    .number({ error: 'limit must be a number' })
    .int('limit must be a whole number')
    .min(1, 'limit must be at least 1')
    .max(SIMILAR_MAX, `limit must be at most ${SIMILAR_MAX}`)
    .default(10),
});

export function similarRoutes(deps: WebDeps) {
  const { db, config } = deps;
  const presentOpts = { defaultAvatarUrl: `${config.BASE_URL}/assets/favicon.svg` };
  const similarDeps = {
    db,
    columnWeights: searchSettings(config).columnWeights,
    vectorOversample: config.SEARCH_VECTOR_OVERSAMPLE,
  };

  async function similar(rawId: string, req: FastifyRequest, reply: FastifyReply) {
    const { id } = parseArxivId(rawId);
    const { limit } = parseQuery(similarQuery, req.query);
    const paper = await paperTextByArxivId(db, id);
    if (!paper) throw new NotFoundError(`Paper ${id} is not indexed on this instance.`);
    const r = await findSimilarPapers(similarDeps, paper, limit);
    const ids = r.cards.map((c) => c.id);
    const byId = new Map((await loadApiPapers(db, ids)).map((p) => [p.id, p]));
    const items = ids.flatMap((i) => {
      const p = byId.get(i);
      return p ? [{ ...presentHfPaper(p, presentOpts), similarBy: r.by }] : [];
    });
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
