import type { FastifyReply } from 'fastify';
import type { ComponentChildren, VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { Layout, type PageMeta } from './layout.tsx';
import { RequestContext, type RequestView } from './request-context.tsx';

export type { PageMeta };

/**
 * Renders a full HTML page into the reply. The signed-in user (meta.user defaults to it),
 * a lazily generated CSRF token and `meta.voted` reach views through RequestContext.
 */
export function renderPage(reply: FastifyReply, body: VNode | ComponentChildren, meta: PageMeta) {
  const user = reply.request.user ?? null;
  let token: string | undefined;
  const view: RequestView = {
    user,
    csrfToken: () => {
      token ??= typeof reply.generateCsrf === 'function' ? reply.generateCsrf() : '';
      return token;
    },
    voted: new Set(meta.voted ?? []),
  };
  const m: PageMeta = {
    ...meta,
    user: meta.user === undefined && user ? { handle: user.handle, displayName: user.displayName, role: user.role } : meta.user,
  };
  const html = `<!doctype html>${renderToString(
    <RequestContext.Provider value={view}>
      <Layout meta={m}>{body}</Layout>
    </RequestContext.Provider>,
  )}`;
  // Pages can carry a user's name and tokens: never let a shared cache keep them.
  if (user) reply.header('cache-control', 'private, no-store');
  return reply.type('text/html; charset=utf-8').send(html);
}
