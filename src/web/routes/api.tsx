/**
 * The JSON API, compatible with Hugging Face's papers API: the same paths, parameters,
 * status codes and field names, so `huggingface_hub` with `HF_ENDPOINT` pointed here works.
 * Paging is also offered the standard way, by `Link` headers.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isValidDate } from '../../feed/dates.ts';
import { openApiDocument } from '../../interfaces/openapi.ts';
import { allPapers, dailyPapers, paperByArxivId } from '../../interfaces/papers-api.ts';
import { presentHfDailyItem, presentHfPaper } from '../../papers/present.ts';
import { NotFoundError, ValidationError } from '../../shared/errors.ts';
import type { WebDeps } from '../app.ts';
import { allowCrossOriginReads, sendCached } from '../middleware/caching.ts';
import { paperRouteId } from '../middleware/validate.ts';
import { ApiDocsPage } from '../views/api-docs.tsx';
import { renderPage } from '../views/render.tsx';

/** API answers change with every vote; a minute of reuse still spares polling scripts. */
export const API_MAX_AGE = 60;

const limit = (max: number, dflt: number) =>
  z.coerce
    .number({ error: 'limit must be a number' })
    .int('limit must be a whole number')
    .min(1, 'limit must be at least 1')
    .max(max, `limit must be at most ${max}`)
    .default(dflt);

export const dailyPapersQuery = z.object({
  p: z.coerce.number({ error: 'p must be a number' }).int().min(0, 'p must be 0 or more').default(0),
  limit: limit(100, 50),
  date: z.string().refine(isValidDate, 'date must be a calendar date written YYYY-MM-DD').optional(),
  week: z
    .string()
    .regex(/^\d{4}-W\d{2}$/, 'week must be an ISO week written YYYY-Www')
    .optional(),
  month: z
    .string()
    .regex(/^\d{4}-\d{2}$/, 'month must be written YYYY-MM')
    .optional(),
  submitter: z.string().min(1).max(100).optional(),
  /** Ours: only papers attributed to this organisation (HF handle, e.g. `google`). */
  organization: z.string().min(1).max(100).optional(),
  sort: z.enum(['publishedAt', 'trending'], { error: 'sort must be publishedAt or trending' }).optional(),
});

export const papersQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: limit(100, 50),
});

/** Validates `input` against `schema`; a failure is a 400 naming the first problem. */
export function parseQuery<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  const message =
    issue?.code === 'unrecognized_keys'
      ? `unknown parameter ${issue.keys.map((k) => `"${k}"`).join(', ')}`
      : `${where}${issue?.message ?? 'invalid query'}`;
  throw new ValidationError(message);
}

/** The request's URL on this instance with some query parameters replaced. */
export function pageUrl(baseUrl: string, req: FastifyRequest, set: Record<string, string>): string {
  const u = new URL(req.url, baseUrl);
  const out = new URL(u.pathname, baseUrl);
  for (const [k, v] of u.searchParams) out.searchParams.set(k, v);
  for (const [k, v] of Object.entries(set)) out.searchParams.set(k, v);
  return out.toString();
}

export function apiRoutes(deps: WebDeps) {
  const { config } = deps;
  const presentOpts = { defaultAvatarUrl: `${config.BASE_URL}/assets/favicon.svg` };

  async function paper(rawId: string) {
    const id = paperRouteId(rawId);
    const p = await paperByArxivId(deps, id);
    if (!p) throw new NotFoundError(`Paper ${id} is not indexed on this instance.`);
    return presentHfPaper(p, presentOpts);
  }

  const json = (req: FastifyRequest, reply: FastifyReply, value: unknown) =>
    sendCached(req, reply, JSON.stringify(value), {
      contentType: 'application/json; charset=utf-8',
      maxAge: API_MAX_AGE,
    });

  return async function plugin(app: FastifyInstance) {
    allowCrossOriginReads(app, '/api/');

    const openapi = openApiDocument(config.BASE_URL, config.SITE_NAME);
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
      const q = parseQuery(dailyPapersQuery, req.query);
      const page = await dailyPapers(deps, q);
      const links: string[] = [];
      if (page.hasMore) links.push(`<${pageUrl(config.BASE_URL, req, { p: String(q.p + 1) })}>; rel="next"`);
      if (q.p > 0) links.push(`<${pageUrl(config.BASE_URL, req, { p: String(q.p - 1) })}>; rel="prev"`);
      if (links.length) reply.header('link', links.join(', '));
      return json(
        req,
        reply,
        page.items.map((p) => presentHfDailyItem(p, presentOpts)),
      );
    });

    app.get('/api/papers', async (req, reply: FastifyReply) => {
      const q = parseQuery(papersQuery, req.query);
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
