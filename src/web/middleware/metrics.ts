/**
 * Prometheus metrics at /metrics: request counts and latency by route (the route
 * pattern, never the raw URL, so ids cannot explode the label space), plus Node's
 * process metrics. One registry per process: tests build many apps in one process, and
 * prom-client refuses to register a metric name twice.
 */
import type { FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

export interface Metrics {
  registry: Registry;
  requests: Counter<'method' | 'route' | 'status'>;
  duration: Histogram<'method' | 'route'>;
}

let shared: Metrics | null = null;

export function processMetrics(): Metrics {
  if (shared) return shared;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'paperboy_' });
  shared = {
    registry,
    requests: new Counter({
      name: 'paperboy_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status code',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    }),
    duration: new Histogram({
      name: 'paperboy_http_request_duration_seconds',
      help: 'Time from request to response, by method and route pattern',
      labelNames: ['method', 'route'],
      // Pages answer in milliseconds; the tail buckets catch slow queries.
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
  };
  return shared;
}

export function registerMetrics(app: FastifyInstance) {
  const m = processMetrics();
  app.addHook('onResponse', (req, reply, done) => {
    // Unmatched URLs share one label: a scanner must not create a series per URL.
    const route = req.routeOptions.url ?? 'unmatched';
    m.requests.inc({ method: req.method, route, status: String(reply.statusCode) });
    m.duration.observe({ method: req.method, route }, reply.elapsedTime / 1000);
    done();
  });
  app.get('/metrics', async (_req, reply) => {
    reply.type(m.registry.contentType).header('cache-control', 'no-store');
    return m.registry.metrics();
  });
}
