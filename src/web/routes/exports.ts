/**
 * Citations and exports.
 *
 *   /papers/{id}.bib | .ris | .md     one paper as BibTeX, RIS or Markdown
 *   /exports/{list}.bib | .ris        any list (see LIST_PATHS): a day, week, month, an
 *                                     author, a category, a user's submissions, a search
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { toBibtex, toBibtexList, toMarkdown, toRis, toRisList } from '../../interfaces/citations.ts';
import { LIST_PATHS, lastChange, resolveList } from '../../interfaces/lists.ts';
import { paperByArxivId } from '../../interfaces/papers-api.ts';
import { NotFoundError } from '../../shared/errors.ts';
import type { WebDeps } from '../app.ts';
import { allowCrossOriginReads, sendCached } from '../middleware/caching.ts';
import { paperRouteId } from '../middleware/validate.ts';
import { listDeps } from './lists.ts';

const TYPES = {
  bib: 'application/x-bibtex; charset=utf-8',
  ris: 'application/x-research-info-systems; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
} as const;
type Format = keyof typeof TYPES;

/** Exports change when papers do; an hour of reuse is safe. */
export const EXPORT_MAX_AGE = 3600;

type Params = Record<string, string | undefined>;

function send(
  req: FastifyRequest,
  reply: FastifyReply,
  body: string,
  format: Format,
  name: string,
  lm: Date,
) {
  // `inline` lets a browser show the text; the filename is what "save" or Zotero uses.
  reply.header('content-disposition', `inline; filename="${name.replace(/[^\w.-]/g, '_')}.${format}"`);
  return sendCached(req, reply, body, {
    contentType: TYPES[format],
    maxAge: EXPORT_MAX_AGE,
    lastModified: lm,
  });
}

export function exportRoutes(deps: WebDeps) {
  const { config } = deps;
  const lists = listDeps(deps);

  async function onePaper(req: FastifyRequest, reply: FastifyReply, rawId: string, format: Format) {
    const id = paperRouteId(rawId);
    const p = await paperByArxivId(deps, id);
    if (!p) throw new NotFoundError(`arXiv:${id} is not in this instance yet.`);
    const body =
      format === 'bib'
        ? toBibtex(p)
        : format === 'ris'
          ? toRis(p)
          : toMarkdown(p, {
              url: `${config.BASE_URL}/papers/${p.arxivId}`,
              upvotes: p.upvotes,
              aiSummary: p.aiSummary,
              githubRepo: p.githubRepo,
              projectPage: p.projectPage,
              featuredOn: p.featured?.feedDate ?? null,
            });
    return send(req, reply, body, format, p.arxivId, lastChange([p], deps.clock.now()));
  }

  return async function plugin(app: FastifyInstance) {
    allowCrossOriginReads(app, '/exports/');
    for (const format of Object.keys(TYPES) as Format[]) {
      app.get<{ Params: { id: string } }>(`/papers/:id.${format}`, (req, reply) =>
        onePaper(req, reply, req.params.id, format),
      );
      app.get<{ Params: { archive: string; num: string } }>(`/papers/:archive/:num.${format}`, (req, reply) =>
        onePaper(req, reply, `${req.params.archive}/${req.params.num}`, format),
      );
    }
    for (const [path, specOf] of LIST_PATHS) {
      for (const format of ['bib', 'ris'] as const) {
        app.get<{ Params: Params; Querystring: Params }>(`/exports/${path}.${format}`, async (req, reply) => {
          const list = await resolveList(lists, specOf(req.params, req.query));
          const body = format === 'bib' ? toBibtexList(list.items) : toRisList(list.items);
          const name = list.feedPath.replace(/^\/feeds\//, '').replaceAll('/', '-');
          return send(req, reply, body, format, name, lastChange(list.items, deps.clock.now()));
        });
      }
    }
  };
}
