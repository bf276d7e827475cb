/**
 * Who is asking, and may they change things:
 * - `req.user`: the signed-in user from the session cookie (null when anonymous). Requests
 *   that carry an `Authorization` header are left to API-token authentication and never
 *   use the cookie, so a browser cannot be tricked into lending its session to them.
 * - CSRF: every POST / PUT / PATCH / DELETE needs a token from `reply.generateCsrf()`
 *   (forms: `<CsrfField />` → `_csrf`; scripts: the `x-csrf-token` header), checked in
 *   preHandler because form tokens arrive in the body. A route opts out with
 *   `config: { csrf: false }` only when it authenticates otherwise (e.g. signed
 *   one-click unsubscribe links, RFC 8058).
 */
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { resolveSession } from '../../community/auth.ts';
import type { SessionUser } from '../../community/types.ts';
import { votedArxivIds } from '../../community/votes.repo.ts';
import { ForbiddenError, UnauthorizedError } from '../../shared/errors.ts';
import type { WebDeps } from '../deps.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user, or null. Set for every request before handlers run. */
    user: SessionUser | null;
  }
  interface FastifyContextConfig {
    /** false: this state-changing route authenticates without cookies and needs no CSRF token. */
    csrf?: boolean;
  }
}

export const SESSION_COOKIE = 'pb_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function secureCookies(deps: WebDeps) {
  return deps.config.BASE_URL.startsWith('https://');
}

export async function registerAuth(app: FastifyInstance, deps: WebDeps) {
  await app.register(cookie);
  await app.register(csrf, {
    cookieKey: 'pb_csrf',
    cookieOpts: { path: '/', sameSite: 'lax', httpOnly: true, secure: secureCookies(deps) },
  });
  app.decorateRequest('user', null);
  app.decorate('viewerVotes', (userId: number, arxivIds: string[]) =>
    votedArxivIds(deps.db, userId, arxivIds),
  );

  app.addHook('onRequest', async (req) => {
    req.user = null;
    if (req.headers.authorization) return;
    const value = req.cookies[SESSION_COOKIE];
    if (value) req.user = await resolveSession(deps, value);
  });

  app.addHook('preHandler', (req, reply, done) => {
    if (
      SAFE_METHODS.has(req.method) ||
      req.routeOptions.config?.csrf === false ||
      req.headers.authorization
    ) {
      return done();
    }
    app.csrfProtection(req, reply, done);
  });
}

export function setSessionCookie(reply: FastifyReply, deps: WebDeps, value: string) {
  // Max-Age, not Expires: it is relative to the browser's clock, whatever ours says.
  reply.setCookie(SESSION_COOKIE, value, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: secureCookies(deps),
    maxAge: deps.config.SESSION_DAYS * 86_400,
  });
}

export function clearSessionCookie(reply: FastifyReply, deps: WebDeps) {
  reply.clearCookie(SESSION_COOKIE, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: secureCookies(deps),
  });
}

/** The signed-in user, or a 401 (browsers are sent to the sign-in page). */
export function requireUser(req: FastifyRequest): SessionUser {
  if (!req.user) throw new UnauthorizedError();
  return req.user;
}

export function requireAdmin(req: FastifyRequest): SessionUser {
  const u = requireUser(req);
  if (u.role !== 'admin') throw new ForbiddenError('Only administrators can do this.');
  return u;
}

/** A same-site path to go back to after a form, from `next` or the Referer; never another site. */
export function safeNext(raw: unknown, fallback = '/'): string {
  if (typeof raw !== 'string' || raw.length > 500) return fallback;
  let path = raw;
  if (/^https?:\/\//i.test(raw)) {
    try {
      const u = new URL(raw);
      path = `${u.pathname}${u.search}${u.hash}`;
    } catch {
      return fallback;
    }
  }
  return path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/\\') ? path : fallback;
}
