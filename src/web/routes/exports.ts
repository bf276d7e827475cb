/**
 * One paper as a citation: `/papers/{id}.bib | .ris | .md` (BibTeX, RIS, Markdown).
 * Lists as BibTeX / RIS are the list routes' (`/exports/{list}.bib`, web/routes/lists.tsx).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { lastChange, requirePaperCard } from '../../feed/lists.ts';
import { paperMarkdown, toBibtex, toRis } from '../../formats/citations.ts';
import type { WebDeps } from '../deps.ts';
import { RESPONSES, type RouteDoc } from '../openapi.ts';
import { EXPORT_TYPES, sendExport } from './lists.tsx';

const TYPES = { ...EXPORT_TYPES, md: 'text/markdown; charset=utf-8' } as const;
type Format = keyof typeof TYPES;

export const EXPORT_DOCS: RouteDoc[] = [
  {
    method: 'get',
    path: '/papers/:id.{format}',
    tag: 'Citations',
    summary: 'One paper as BibTeX, RIS or Markdown',
    params: z.object({ id: z.string().describe('arXiv id') }),
    formats: Object.keys(TYPES),
    responses: RESPONSES.citations,
  },
];

export function exportRoutes(deps: WebDeps) {
  const { config } = deps;

  async function onePaper(req: FastifyRequest, reply: FastifyReply, rawId: string, format: Format) {
    const p = await requirePaperCard(deps, rawId);
    const body =
      format === 'bib' ? toBibtex(p) : format === 'ris' ? toRis(p) : paperMarkdown(p, config.BASE_URL);
    return sendExport(
      req,
      reply,
      body,
      TYPES[format],
      `${p.arxivId}.${format}`,
      lastChange([p], deps.clock.now()),
    );
  }

  return async function plugin(app: FastifyInstance) {
    for (const format of Object.keys(TYPES) as Format[]) {
      app.get<{ Params: { id: string } }>(`/papers/:id.${format}`, (req, reply) =>
        onePaper(req, reply, req.params.id, format),
      );
      app.get<{ Params: { archive: string; num: string } }>(`/papers/:archive/:num.${format}`, (req, reply) =>
        onePaper(req, reply, `${req.params.archive}/${req.params.num}`, format),
      );
    }
  };
}
