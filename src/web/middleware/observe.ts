/**
 * What every request leaves behind for operators: its request id (taken from a proxy's
 * `X-Request-Id` when well-formed, else generated; echoed in the response, on every log
 * line written while serving it, and on every job it queues) and its Prometheus figures
 * (count and latency by route pattern, requests in flight).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { withRequestId } from '../../shared/context.ts';
import { processMetrics } from '../../shared/metrics.ts';

const REQUEST_ID = /^[\w.:@-]{1,100}$/;

/** Fastify's `genReqId`: the proxy's id when it is one, else a new UUID. */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

export function registerObservability(app: FastifyInstance) {
  const m = processMetrics();
  // Everything after this hook (other hooks, the handler, what they await) runs as part of the request.
  app.addHook('onRequest', (req, reply, done) => {
    reply.header('x-request-id', req.id);
    m.inFlight.inc();
    req.raw.once('close', () => m.inFlight.dec());
    withRequestId(req.id, done);
  });
  app.addHook('onResponse', (req, reply, done) => {
    // Unmatched URLs share one label: a scanner must not create a series per URL.
    const route = req.routeOptions.url ?? 'unmatched';
    m.requests.inc({ method: req.method, route, status: String(reply.statusCode) });
    m.duration.observe({ method: req.method, route }, reply.elapsedTime / 1000);
    done();
  });
}
