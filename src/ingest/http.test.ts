import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  createHttpFetch,
  type HttpFetch,
  type HttpResponse,
  Pacer,
  politeFetch,
  retryAfterMs,
} from './http.ts';

/**
 * A virtual clock: sleep() advances time without waiting and records each pause. It yields
 * to pending work first, as a real sleep would, so requests already released run "before".
 */
function virtualTime() {
  let t = 1_000_000;
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      await new Promise((r) => setImmediate(r));
      t += ms;
    },
    sleeps,
    advance: (ms: number) => {
      t += ms;
    },
  };
}

function scripted(responses: (HttpResponse | Error)[]): HttpFetch & { times: number[] } {
  const times: number[] = [];
  let i = 0;
  const f = async () => {
    const r = responses[Math.min(i++, responses.length - 1)]!;
    if (r instanceof Error) throw r;
    return r;
  };
  return Object.assign(f, { times });
}

const ok = { status: 200, headers: {}, body: 'ok' };

describe('politeFetch', () => {
  it('spaces requests to one host by at least the interval, and other hosts independently', async () => {
    const vt = virtualTime();
    const at: [string, number][] = [];
    const transport: HttpFetch = async (url) => {
      at.push([new URL(url).host, vt.now()]);
      return ok;
    };
    const fetch = politeFetch(transport, {
      minIntervalMs: 3000,
      sleep: vt.sleep,
      now: vt.now,
      pacer: new Pacer(),
    });
    await Promise.all([fetch('https://export.arxiv.org/a'), fetch('https://export.arxiv.org/b')]);
    await fetch('https://other.example/c');
    vt.advance(500);
    await fetch('https://export.arxiv.org/d');
    const arxiv = at.filter(([h]) => h === 'export.arxiv.org').map(([, t]) => t);
    expect(arxiv).toHaveLength(3);
    for (let i = 1; i < arxiv.length; i++) expect(arxiv[i]! - arxiv[i - 1]!).toBeGreaterThanOrEqual(3000);
    expect(at.find(([h]) => h === 'other.example')?.[1]).toBe(arxiv[1]);
  });

  it('honours 503 Retry-After, then returns the good response', async () => {
    const vt = virtualTime();
    const transport = scripted([{ status: 503, headers: { 'retry-after': '10' }, body: 'busy' }, ok]);
    const fetch = politeFetch(transport, {
      minIntervalMs: 0,
      sleep: vt.sleep,
      now: vt.now,
      pacer: new Pacer(),
    });
    expect(await fetch('https://export.arxiv.org/oai')).toEqual(ok);
    expect(vt.sleeps).toContain(10_000);
  });

  it('says how long arXiv asked it to wait', async () => {
    let calls = 0;
    const server = http.createServer((_req, res) => {
      if (calls++ === 0) res.writeHead(503, { 'retry-after': '1' }).end('busy');
      else res.end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const lines: string[] = [];
      const fetch = createHttpFetch({ BASE_URL: 'http://localhost', ARXIV_MIN_INTERVAL_MS: 0 }, (l) =>
        lines.push(l),
      );
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/oai?verb=ListRecords`);
      expect(res.body).toBe('ok');
      expect(lines).toEqual(['arXiv asked to wait 1 s']);
    } finally {
      server.close();
    }
  });

  it('backs off exponentially on 5xx and network errors, and gives up with a clear error', async () => {
    const vt = virtualTime();
    const transport = scripted([new Error('ECONNRESET')]);
    const fetch = politeFetch(transport, {
      minIntervalMs: 0,
      maxRetries: 3,
      baseDelayMs: 100,
      sleep: vt.sleep,
      now: vt.now,
      pacer: new Pacer(),
    });
    await expect(fetch('https://export.arxiv.org/x')).rejects.toThrow(
      /export\.arxiv\.org\/x: request failed after 4 attempts: ECONNRESET/,
    );
    expect(vt.sleeps).toEqual([100, 200, 400]);

    const five = scripted([
      { status: 502, headers: {}, body: '' },
      { status: 500, headers: {}, body: '' },
      ok,
    ]);
    const vt2 = virtualTime();
    const f2 = politeFetch(five, {
      minIntervalMs: 0,
      baseDelayMs: 100,
      sleep: vt2.sleep,
      now: vt2.now,
      pacer: new Pacer(),
    });
    expect((await f2('https://export.arxiv.org/y')).status).toBe(200);
    expect(vt2.sleeps).toEqual([100, 200]);
  });

  it('does not retry client errors (the 400 error feed is an answer)', async () => {
    const vt = virtualTime();
    const transport = scripted([{ status: 400, headers: {}, body: '<feed/>' }, ok]);
    const fetch = politeFetch(transport, {
      minIntervalMs: 0,
      sleep: vt.sleep,
      now: vt.now,
      pacer: new Pacer(),
    });
    expect((await fetch('https://export.arxiv.org/z')).status).toBe(400);
    expect(vt.sleeps).toEqual([]);
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs('10', now)).toBe(10_000);
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('soon', now)).toBeNull();
    expect(retryAfterMs(undefined, now)).toBeNull();
  });
});
