/**
 * A small closed-loop HTTP load generator on undici: `connections` clients each send a
 * request, read the whole body, and send the next. Records every latency, so the
 * percentiles are exact rather than bucketed.
 */
import { Pool } from 'undici';

export interface LoadResult {
  requests: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

/** One request of a client: method, path, headers and body (default: GET of `path`). */
export type LoadRequest = {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
};

export async function load(
  origin: string,
  path: string,
  opts: { connections: number; seconds: number; request?: (client: number) => LoadRequest },
) {
  const pool = new Pool(origin, { connections: opts.connections, pipelining: 1 });
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + opts.seconds * 1000;
  const worker = async (client: number) => {
    while (performance.now() < end) {
      const t0 = performance.now();
      try {
        const res = await pool.request(opts.request?.(client) ?? { path, method: 'GET' });
        await res.body.arrayBuffer();
        if (res.statusCode !== 200) errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - t0);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: opts.connections }, (_, client) => worker(client)));
  const elapsed = (performance.now() - started) / 1000;
  await pool.close();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  return {
    requests: latencies.length,
    rps: latencies.length / elapsed,
    p50Ms: pct(0.5),
    p99Ms: pct(0.99),
    errors,
  } satisfies LoadResult;
}
