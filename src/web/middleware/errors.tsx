/**
 * One place that turns errors into responses: typed AppErrors keep their status and
 * message; anything else is a logged 500 that shows nothing internal. HTML for
 * browsers, JSON for /api and for clients that ask for it.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { publicError, RateLimitedError } from '../../shared/errors.ts';
import { ErrorPage } from '../views/error.tsx';
import { renderPage } from '../views/render.tsx';

const TEXT_FORMAT = /\.(md|bib|ris)$/;

export function wantsJson(req: FastifyRequest): boolean {
  return req.url.startsWith('/api/') || (req.headers.accept ?? '').includes('application/json');
}

export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => {
    const { status, code, message } = publicError(err);
    if (status >= 500) req.log.error({ err, url: req.url }, 'request failed');
    if (err instanceof RateLimitedError) reply.header('retry-after', String(err.retryAfterSeconds));
    // A browser that needs to sign in is sent to the sign-in page, and back afterwards.
    if (status === 401 && !wantsJson(req)) {
      const back = req.method === 'GET' ? req.url : refererPath(req);
      return reply.redirect(`/login?next=${encodeURIComponent(back)}`, 303);
    }
    return sendError(req, reply, status, code, message);
  });
  app.setNotFoundHandler((req, reply) =>
    sendError(req, reply, 404, 'not_found', `Nothing lives at ${req.url.split('?')[0]}.`),
  );
}

function refererPath(req: FastifyRequest): string {
  try {
    const u = new URL(req.headers.referer ?? '');
    return u.host === req.host ? `${u.pathname}${u.search}` : '/';
  } catch {
    return '/';
  }
}

export function sendError(
  req: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
) {
  reply.code(status);
  if (wantsJson(req)) return reply.send({ error: message, code });
  // Text formats (`/papers/{id}.md`, `.bib`, `.ris`) answer errors in plain text, so a
  // script printing the body shows the message rather than a page of HTML.
  if (TEXT_FORMAT.test(req.url.split('?')[0] ?? '')) {
    return reply.type('text/plain; charset=utf-8').send(`${message}\n`);
  }
  return renderPage(reply, <ErrorPage status={status} message={message} />, { title: `${status}` });
}
