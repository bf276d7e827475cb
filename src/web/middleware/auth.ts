/**
 * Who is asking, and may they change things:
 * - `req.user`: the signed-in user from the session cookie (null when anonymous), or the
 *   owner of a personal API token (set by the interfaces plugin, which then wins).
 * - Cross-site request forgery, for every POST / PUT / PATCH / DELETE (OWASP's defence):
 *   1. the request must come from this site: Fetch Metadata `Sec-Fetch-Site` is
 *      `same-origin` (or `none`: typed by the user); browsers without it must send an
 *      `Origin` (or else a `Referer`) on BASE_URL's origin; a request with none of these
 *      is refused (browsers always send one);
 *   2. where a session exists, also its CSRF token (forms: `<CsrfField />` → `_csrf`;
 *      scripts: the `x-csrf-token` header). The token is derived from the session cookie,
 *      so anonymous pages carry none and stay identical for every visitor (cacheable).
 *   Both are skipped only for requests authenticated by an API token (a cross-site page
 *   cannot send one), and for routes with `config: { csrf: false }` that authenticate
 *   otherwise (e.g. signed one-click unsubscribe links, RFC 8058).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { resolveSession } from '../../community/auth.ts';
import type { SessionUser } from '../../community/types.ts';
import { votedArxivIds } from '../../community/votes.repo.ts';
import { viewerInbox } from '../../inbox/inbox.ts';
import { AppError, ForbiddenError, UnauthorizedError } from '../../shared/errors.ts';
import type { WebDeps } from '../deps.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user, or null. Set for every request before handlers run. */
    user: SessionUser | null;
    /** The CSRF token of the request's session; null without one (anonymous, or an API token). */
    csrfToken: string | null;
  }
  interface FastifyContextConfig {
    /** false: this state-changing route authenticates without cookies and needs no CSRF check. */
    csrf?: boolean;
  }
}

export const SESSION_COOKIE = 'pb_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function secureCookies(deps: WebDeps) {
  return deps.config.BASE_URL.startsWith('https://');
}

/** A state-changing request refused as possibly forged (403; nothing was changed). */
export class ForgeryError extends AppError {
  constructor(message: string) {
    super('csrf_invalid', message, 403);
  }
}

/**
 * Whether a request comes from a page of this site: Fetch Metadata when the browser sends
 * it, else `Origin`, else `Referer`, compared with the site's own origin.
 */
export function fromThisSite(headers: FastifyRequest['headers'], siteOrigin: string): boolean {
  const site = headers['sec-fetch-site'];
  if (typeof site === 'string') return site === 'same-origin' || site === 'none';
  const from = headers.origin ?? headers.referer;
  if (typeof from !== 'string' || from === 'null') return false;
  try {
    return new URL(from).origin === siteOrigin;
  } catch {
    return false;
  }
}

/** The session's CSRF token: a one-way function of the HttpOnly cookie, so only its pages know it. */
export function csrfTokenOf(sessionCookie: string): string {
  return createHmac('sha256', sessionCookie).update('paperboy csrf').digest('base64url');
}

function sameToken(sent: unknown, expected: string): boolean {
  if (typeof sent !== 'string' || sent.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(sent), Buffer.from(expected));
}

export async function registerAuth(app: FastifyInstance, deps: WebDeps) {
  await app.register(cookie);
  const siteOrigin = new URL(deps.config.BASE_URL).origin;
  app.decorateRequest('user', null);
  app.decorateRequest('csrfToken', null);
  app.decorate('viewerState', async (userId: number, arxivIds: string[], withFollows: boolean) => {
    const [voted, inbox] = await Promise.all([
      votedArxivIds(deps.db, userId, arxivIds),
      viewerInbox(deps, userId, arxivIds, withFollows),
    ]);
    return { voted, ...inbox };
  });

  // Both hooks run for every request: without a session cookie, or on a read, they return
  // at once (callback style, so an anonymous page view makes no promise here).
  app.addHook('onRequest', (req, _reply, done) => {
    const value = req.cookies[SESSION_COOKIE];
    if (!value) return done();
    resolveSession(deps, value).then((user) => {
      req.user = user;
      if (user) req.csrfToken = csrfTokenOf(value);
      done();
    }, done);
  });

  app.addHook('preHandler', (req, _reply, done) => {
    if (SAFE_METHODS.has(req.method) || req.routeOptions.config?.csrf === false) return done();
    done(forgeryOf(req, siteOrigin));
  });
}

/** Why a state-changing request is refused as possibly forged, or undefined when it is not. */
function forgeryOf(req: FastifyRequest, siteOrigin: string): ForgeryError | undefined {
  // Only a valid API token exempts: a stray Authorization header on a cookie session does not.
  if (req.apiTokenId !== undefined) return;
  if (!fromThisSite(req.headers, siteOrigin))
    return new ForgeryError(
      'This form was sent from another site (or by a script without an API token), so nothing was changed.',
    );
  if (req.csrfToken === null) return;
  const sent = (req.body as { _csrf?: unknown } | undefined)?._csrf ?? req.headers['x-csrf-token'];
  if (!sameToken(sent, req.csrfToken))
    return new ForgeryError(
      'This form has expired or was sent from another site, so nothing was changed. Go back, reload the page and try again.',
    );
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

/** Resolves relative redirect targets; never a real origin, so nothing else can match it. */
const SELF = 'http://self.invalid';

/**
 * A same-origin path to go back to after a form, from `next` or the Referer; never another
 * site. The target is parsed as a URL exactly as a browser would (which drops tabs and
 * newlines and reads `\` as `/`), accepted only when it resolves to this site: relative, or
 * absolute with one of `origins` (this instance's). The result is the URL's own
 * serialisation, percent-encoded, so it is always a valid `Location` header.
 */
export function safeNext(raw: unknown, fallback = '/', origins: readonly string[] = []): string {
  if (typeof raw !== 'string' || raw.length > 500) return fallback;
  let url: URL;
  try {
    url = new URL(raw, `${SELF}/`);
  } catch {
    return fallback;
  }
  if (url.origin !== SELF && !origins.includes(url.origin)) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The origins an absolute `next` or Referer may name: the public URL's and the request's own. */
export function ownOrigins(req: FastifyRequest, baseUrl: string): string[] {
  return [new URL(baseUrl).origin, `${req.protocol}://${req.host}`];
}
