import type { FastifyReply } from 'fastify';
import type { ComponentChildren, VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { Layout, type PageMeta } from './layout.tsx';
import { RequestContext, type RequestView } from './request-context.tsx';

export type { PageMeta };

declare module 'fastify' {
  interface FastifyInstance {
    /** Which of these papers the user upvoted and saved, and their follows (decorated by the auth middleware). */
    viewerState?: (
      userId: number,
      arxivIds: string[],
      withFollows: boolean,
    ) => Promise<{ voted: Set<string>; saved: Set<string>; follows: Set<string> }>;
  }
}

/**
 * Renders a full HTML page into the reply. The signed-in user (meta.user defaults to it),
 * their session's CSRF token and the viewer's votes, saves and follows reach views through
 * RequestContext.
 *
 * Routes need not know which papers a page shows upvote and save buttons for, nor whether
 * it has a Follow button: for a signed-in viewer the page is rendered once to collect
 * them, their state is looked up, and the page is rendered again with the buttons' state.
 */
export async function renderPage(reply: FastifyReply, body: VNode | ComponentChildren, meta: PageMeta) {
  const user = reply.request.user ?? null;
  const m: PageMeta = {
    ...meta,
    user:
      meta.user === undefined && user
        ? { handle: user.handle, displayName: user.displayName, role: user.role }
        : meta.user,
  };
  const html = await renderForViewer(reply, <Layout meta={m}>{body}</Layout>, meta.voted);
  // Pages can carry a user's name and tokens: never let a shared cache keep them.
  if (user) reply.header('cache-control', 'private, no-store');
  return reply.type('text/html; charset=utf-8').send(`<!doctype html>${html}`);
}

/** A fragment a page swaps in (search as you type), with the viewer's buttons like a page's. */
export async function renderFragment(reply: FastifyReply, body: VNode) {
  return reply
    .type('text/html; charset=utf-8')
    .header('cache-control', reply.request.user ? 'private, no-store' : 'no-store')
    .send(await renderForViewer(reply, body));
}

async function renderForViewer(reply: FastifyReply, node: VNode, voted?: Iterable<string>): Promise<string> {
  const user = reply.request.user ?? null;
  const targets = new Set<string>();
  let followButtons = false;
  const view: RequestView = {
    user,
    csrfToken: reply.request.csrfToken ?? '',
    voted: new Set(voted ?? []),
    noteVoteTarget: (id) => targets.add(id),
    saved: new Set(),
    follows: new Set(),
    noteFollowButton: () => {
      followButtons = true;
    },
  };
  const render = () => renderToString(<RequestContext.Provider value={view}>{node}</RequestContext.Provider>);
  let html = render();
  const lookup = reply.server.viewerState;
  if (user && (targets.size > 0 || followButtons) && lookup) {
    const state = await lookup(user.id, [...targets], followButtons);
    if (voted === undefined) view.voted = state.voted;
    view.saved = state.saved;
    view.follows = state.follows;
    if (view.voted.size + view.saved.size + view.follows.size > 0) html = render();
  }
  return html;
}
