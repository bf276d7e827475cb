/**
 * The process's Prometheus metrics, served at /metrics (web/routes/ops.ts): HTTP requests
 * by route pattern (never the raw URL, so ids cannot explode the label space), jobs run by
 * this process, queue and outbox figures read from the database at scrape time, and
 * Node's process metrics. Every series carries `node` (NODE_NAME), so one dashboard can
 * tell the nodes of a cluster apart. One registry per process: tests build many apps in
 * one process, and prom-client refuses to register a metric name twice.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Figures a scrape reads from the database (jobs/metrics.ts provides them). */
export interface QueueFigures {
  jobs: Record<string, number>;
  oldestDueJobSeconds: number;
  outbox: Record<string, number>;
}

export interface Metrics {
  registry: Registry;
  requests: Counter<'method' | 'route' | 'status'>;
  duration: Histogram<'method' | 'route'>;
  inFlight: Gauge;
  jobsRun: Counter<'kind' | 'outcome'>;
  jobDuration: Histogram<'kind'>;
  /** Where scrapes read queue figures from (the latest registered source; none: not reported). */
  queueSource: { read: (() => Promise<QueueFigures>) | null };
}

let shared: Metrics | null = null;

export function processMetrics(): Metrics {
  if (shared) return shared;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'paperboy_' });
  const queueSource: Metrics['queueSource'] = { read: null };
  let figures: Promise<QueueFigures | null> | null = null;
  // One database read per scrape, shared by the three gauges below.
  const read = () => {
    figures ??= (queueSource.read?.() ?? Promise.resolve(null)).catch(() => null);
    const f = figures;
    setImmediate(() => {
      figures = null;
    });
    return f;
  };
  new Gauge({
    name: 'paperboy_jobs',
    help: 'Jobs in the queue by status (queued, running, done, failed), read from the database',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      const f = await read();
      this.reset();
      for (const [status, n] of Object.entries(f?.jobs ?? {})) this.set({ status }, n);
    },
  });
  new Gauge({
    name: 'paperboy_jobs_oldest_due_seconds',
    help: 'How long the oldest due queued job has waited (0 when none): workers falling behind',
    registers: [registry],
    async collect() {
      this.set((await read())?.oldestDueJobSeconds ?? 0);
    },
  });
  new Gauge({
    name: 'paperboy_outbox_messages',
    help: 'Digest messages not yet final, by status (queued, sending), read from the database',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      const f = await read();
      this.reset();
      for (const [status, n] of Object.entries(f?.outbox ?? {})) this.set({ status }, n);
    },
  });
  shared = {
    registry,
    queueSource,
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
    inFlight: new Gauge({
      name: 'paperboy_http_requests_in_flight',
      help: 'Requests being answered right now',
      registers: [registry],
    }),
    jobsRun: new Counter({
      name: 'paperboy_jobs_run_total',
      help: 'Jobs this process ran, by kind and outcome (done, retry, failed)',
      labelNames: ['kind', 'outcome'],
      registers: [registry],
    }),
    jobDuration: new Histogram({
      name: 'paperboy_job_duration_seconds',
      help: 'Time a job ran in this process, by kind',
      labelNames: ['kind'],
      buckets: [0.01, 0.1, 0.5, 1, 5, 15, 60, 300, 900],
      registers: [registry],
    }),
  };
  return shared;
}

/** Names this process in every series (`node` label). */
export function setMetricsNode(node: string) {
  processMetrics().registry.setDefaultLabels({ node });
}
