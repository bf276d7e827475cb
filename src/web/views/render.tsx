import type { FastifyReply } from 'fastify';
import type { ComponentChildren, VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { Layout, type PageMeta } from './layout.tsx';
import { RequestContext, type RequestView } from './request-context.tsx';

export type { PageMeta };

declare module 'fastify' {
  interface FastifyInstance {
    /** Which of these papers the user upvoted (decorated by the auth middleware). */
    viewerVotes?: (userId: number, arxivIds: string[]) => Promise<Set<string>>;
  }
}

/**
 * Renders a full HTML page into the reply. The signed-in user (meta.user defaults to it),
 * their session's CSRF token and the viewer's votes reach views through RequestContext.
 *
 * Routes need not know which papers a page shows upvote buttons for: for a signed-in
 * viewer the page is rendered once to collect them, their votes are looked up in one
 * query, and the page is rendered again with the buttons' state.
 */
export async function renderPage(reply: FastifyReply, body: VNode | ComponentChildren, meta: PageMeta) {
  const user = reply.request.user ?? null;
  const targets = new Set<string>();
  const view: RequestView = {
    user,
    csrfToken: reply.request.csrfToken ?? '',
    voted: new Set(meta.voted ?? []),
    noteVoteTarget: (id) => targets.add(id),
  };
  const m: PageMeta = {
    ...meta,
    user:
      meta.user === undefined && user
        ? { handle: user.handle, displayName: user.displayName, role: user.role }
        : meta.user,
  };
  const render = () =>
    `<!doctype html>${renderToString(
      <RequestContext.Provider value={view}>
        <Layout meta={m}>{body}</Layout>
      </RequestContext.Provider>,
    )}`;
  let html = render();
  const lookup = reply.server.viewerVotes;
  if (user && meta.voted === undefined && targets.size > 0 && lookup) {
    view.voted = await lookup(user.id, [...targets]);
    if (view.voted.size > 0) html = render();
  }
  // Pages can carry a user's name and tokens: never let a shared cache keep them.
  if (user) reply.header('cache-control', 'private, no-store');
  return reply.type('text/html; charset=utf-8').send(html);
}
