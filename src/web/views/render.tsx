import type { FastifyReply } from 'fastify';
import type { ComponentChildren, VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { Layout, type PageMeta } from './layout.tsx';

export type { PageMeta };

/** Renders a full HTML page into the reply. */
export function renderPage(reply: FastifyReply, body: VNode | ComponentChildren, meta: PageMeta) {
  const html = `<!doctype html>${renderToString(<Layout meta={meta}>{body}</Layout>)}`;
  return reply.type('text/html; charset=utf-8').send(html);
}
