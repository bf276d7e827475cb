/**
 * For load balancers and monitoring: `/healthz` (the process answers), `/readyz` (it
 * should get traffic: database reachable, migrations applied, not draining) and
 * `/metrics` (Prometheus). Served by web nodes and, on their own port, by workers.
 */
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/connect.ts';
import { type Lifecycle, readiness } from '../../ops/lifecycle.ts';
import { processMetrics } from '../../shared/metrics.ts';

export function opsRoutes(deps: { db: Db; lifecycle: Lifecycle }) {
  return async function plugin(app: FastifyInstance) {
    const noStore = { 'cache-control': 'no-store' };
    app.get('/healthz', async (_req, reply) => {
      reply.headers(noStore);
      return { ok: true };
    });
    app.get('/readyz', async (_req, reply) => {
      const r = await readiness(deps);
      reply.headers(noStore).code(r.ready ? 200 : 503);
      return { ok: r.ready, ...r.checks };
    });
    app.get('/metrics', async (_req, reply) => {
      const { registry } = processMetrics();
      reply.type(registry.contentType).headers(noStore);
      return registry.metrics();
    });
  };
}
