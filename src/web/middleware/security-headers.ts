/**
 * Security headers (CSP, framing, referrer, HSTS behind HTTPS, …): helmet's policy, with
 * our Content-Security-Policy. They are the same for every response, so helmet runs once,
 * at start, and each request only copies the finished header values (helmet's own
 * middleware would re-parse the CSP directives and rebuild every header per request).
 * A route may still replace one (the digest preview sets a stricter CSP).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'https:', 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  objectSrc: ["'none'"],
};

/** The headers helmet sets for our policy, by lower-case name. */
export function securityHeaders(opts: { https: boolean }): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: unknown) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  let failure: unknown;
  helmet({
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    // Pages link to arXiv and GitHub; keep the referrer to the origin only.
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    hsts: opts.https,
  })({} as IncomingMessage, res as unknown as ServerResponse, (err?: unknown) => {
    failure = err;
  });
  if (failure) throw failure;
  return headers;
}

/** Every response (errors, 404s and static files included) carries the security headers. */
export function registerSecurityHeaders(app: FastifyInstance, opts: { https: boolean }) {
  const headers = securityHeaders(opts);
  app.addHook('onRequest', (_req, reply, done) => {
    reply.headers(headers);
    done();
  });
}
