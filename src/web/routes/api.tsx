/**
 * The JSON API, compatible with Hugging Face's papers API: the same paths, parameters,
 * status codes and field names, so `huggingface_hub` with `HF_ENDPOINT` pointed here works.
 * Paging is also offered the standard way, by `Link` headers.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { dailyPapersQuery } from '../../feed/daily-papers.ts';
import { allPapers, requirePaperCard, resolveList } from '../../feed/lists.ts';
import { presentHfDailyItem, presentHfPaper } from '../../papers/present.ts';
import type { WebDeps } from '../deps.ts';
import { allowCrossOriginReads, pageUrl, sendCached, setPageLinks } from '../middleware/caching.ts';
import { limitParam, parseInput } from '../middleware/validate.ts';
import { openApiDocument, RESPONSES, type RouteDoc } from '../openapi.ts';
import { ApiDocsPage } from '../views/api-docs.tsx';
import { renderPage } from '../views/render.tsx';
import { API_WRITE_DOCS } from './api-write.ts';
import { EXPORT_DOCS } from './exports.ts';
import { INBOX_DOCS } from './inbox-docs.ts';
import { API_MAX_AGE, listRouteDocs } from './lists.tsx';
import { MCP_DOCS } from './mcp.ts';
import { SEARCH_DOCS } from './search.tsx';
import { SIMILAR_DOCS } from './similar.ts';

export const papersQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: limitParam(100, 50),
});

const paperParam = z.object({ id: z.string().describe('arXiv id, with or without version') });

export const API_DOCS: RouteDoc[] = [
  {
    method: 'get',
    path: '/api/daily_papers',
    tag: 'Papers',
    summary: 'Featured papers of a day, week, month, a submitter or all time',
    description:
      'At most one of date, week, month; submitter alone. Without any: every day, newest first. ' +
      'Each request names one list (the same papers as its page, feeds and exports).',
    params: dailyPapersQuery,
    responses: RESPONSES.dailyPapers,
  },
  {
    method: 'get',
    path: '/api/papers',
    tag: 'Papers',
    summary: 'Every indexed paper, newest first, by cursor',
    params: papersQuery,
    responses: RESPONSES.papers,
  },
  {
    method: 'get',
    path: '/api/papers/:id',
    tag: 'Papers',
    summary: 'One paper',
    params: paperParam,
    responses: RESPONSES.paper,
  },
];

export function apiRoutes(deps: WebDeps) {
  const { config } = deps;
  const presentOpts = { defaultAvatarUrl: `${config.BASE_URL}/assets/favicon.svg` };

  const paper = async (rawId: string) => presentHfPaper(await requirePaperCard(deps, rawId), presentOpts);

  const json = (req: FastifyRequest, reply: FastifyReply, value: unknown) =>
    sendCached(req, reply, JSON.stringify(value), {
      contentType: 'application/json; charset=utf-8',
      maxAge: API_MAX_AGE,
    });

  return async function plugin(app: FastifyInstance) {
    allowCrossOriginReads(app, '/api/');

    const openapi = openApiDocument(config.BASE_URL, config.SITE_NAME, [
      ...API_DOCS,
      ...SEARCH_DOCS,
      ...SIMILAR_DOCS,
      ...API_WRITE_DOCS,
      ...INBOX_DOCS,
      ...listRouteDocs(),
      ...EXPORT_DOCS,
      ...MCP_DOCS,
    ]);
    app.get('/openapi.json', (req, reply) => {
      reply.header('access-control-allow-origin', '*');
      return json(req, reply, openapi);
    });
    app.get('/api', (_req, reply) =>
      renderPage(reply, <ApiDocsPage doc={openapi} baseUrl={config.BASE_URL} />, {
        title: 'API',
        siteName: config.SITE_NAME,
        canonical: `${config.BASE_URL}/api`,
        description: 'JSON API, feeds and citations of this instance.',
      }),
    );

    app.get('/api/daily_papers', async (req, reply) => {
      const { spec, limit } = parseInput(dailyPapersQuery, req.query);
      const list = await resolveList(deps, spec, limit);
      setPageLinks(config.BASE_URL, req, reply, spec.page, list.hasMore);
      return json(
        req,
        reply,
        list.items.map((p) => presentHfDailyItem(p, presentOpts)),
      );
    });

    app.get('/api/papers', async (req, reply: FastifyReply) => {
      const q = parseInput(papersQuery, req.query);
      const page = await allPapers(deps, q.cursor, q.limit);
      if (page.next) {
        reply.header('link', `<${pageUrl(config.BASE_URL, req, { cursor: page.next })}>; rel="next"`);
      }
      return json(
        req,
        reply,
        page.items.map((p) => presentHfPaper(p, presentOpts)),
      );
    });

    app.get<{ Params: { id: string } }>('/api/papers/:id', async (req, reply) =>
      json(req, reply, await paper(req.params.id)),
    );
    // Old-style ids contain a slash: /api/papers/hep-th/9901001
    app.get<{ Params: { archive: string; num: string } }>('/api/papers/:archive/:num', async (req, reply) =>
      json(req, reply, await paper(`${req.params.archive}/${req.params.num}`)),
    );
  };
}
