/**
 * Operations on one node: /healthz, /readyz (database, migrations, draining), /metrics
 * labelled by node with queue and outbox figures, request ids that follow a request into
 * the jobs it queues, and the SIGTERM drain (ops/lifecycle.ts) on a real listener.
 */
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { enqueue, getJob } from '../../src/jobs/queue.ts';
import { runNextJob } from '../../src/jobs/worker.ts';
import { createLifecycle, shutdown } from '../../src/ops/lifecycle.ts';
import { fixedClock } from '../../src/shared/clock.ts';
import { currentRequestId } from '../../src/shared/context.ts';
import { silentLogger } from '../../src/shared/log.ts';
import { buildApp } from '../../src/web/app.ts';
import { createTestDb, forEachDialect, type TestDb } from '../support/db.ts';

/** Log lines written to a pino logger, parsed. */
function capturedLog() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l));
      cb();
    },
  });
  // The logger of shared/log.ts, writing to the stream (same mixin, same base).
  const log = pino(
    {
      level: 'info',
      base: { node: 'node-a' },
      mixin: () => {
        const requestId = currentRequestId();
        return requestId ? { requestId } : {};
      },
    },
    stream,
  );
  return { log, lines };
}

async function appOn(
  db: TestDb,
  extra: { log?: pino.Logger; lifecycle?: ReturnType<typeof createLifecycle> } = {},
) {
  const clock = fixedClock('2026-08-21T12:00:00.000Z');
  const config = loadConfig({
    PAPERBOY_DATA_DIR: '/tmp/pb-ops-test',
    NODE_NAME: 'node-a',
    PAPERBOY_DEMO: '0',
  });
  const app = await buildApp({
    config,
    db,
    clock,
    log: extra.log ?? silentLogger,
    mailer: null as never,
    lifecycle: extra.lifecycle,
  });
  return { app, clock, config };
}

forEachDialect('health, readiness and metrics', (dialect) => {
  let db: TestDb | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  it('is alive and ready on a migrated database; not ready while draining', async () => {
    db = await createTestDb(dialect);
    const lifecycle = createLifecycle();
    const { app } = await appOn(db, { lifecycle });
    expect((await app.inject('/healthz')).json()).toEqual({ ok: true });
    const ready = await app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ ok: true, database: 'ok', draining: false });
    expect(ready.headers['cache-control']).toBe('no-store');
    lifecycle.draining = true;
    const draining = await app.inject('/readyz');
    expect(draining.statusCode).toBe(503);
    expect(draining.json()).toMatchObject({ ok: false, draining: true });
    // Alive all the same: the process is fine, it just should get no new traffic.
    expect((await app.inject('/healthz')).statusCode).toBe(200);
    await app.close();
  });

  it('is not ready while a migration is missing', async () => {
    db = await createTestDb(dialect);
    await sql`delete from kysely_migration where name = '0017_ops'`.execute(db.kysely);
    const { app } = await appOn(db);
    const res = await app.inject('/readyz');
    expect(res.statusCode).toBe(503);
    expect(res.json().database).toBe('migrations not applied: 0017_ops');
    await app.close();
  });

  it('reports requests, jobs and the outbox at /metrics, every series labelled by node', async () => {
    db = await createTestDb(dialect);
    const { app, clock } = await appOn(db);
    await enqueue(db, { kind: 'probe' }, new Date(clock.now().getTime() - 90_000));
    await enqueue(db, { kind: 'probe', runAt: new Date(clock.now().getTime() + 60_000) }, clock.now());
    await app.inject('/healthz');
    const body = (await app.inject('/metrics')).body;
    expect(body).toMatch(
      /paperboy_http_requests_total\{method="GET",route="\/healthz",status="200",node="node-a"\} \d+/,
    );
    expect(body).toContain('paperboy_jobs{status="queued",node="node-a"} 2');
    expect(body).toContain('paperboy_jobs{status="failed",node="node-a"} 0');
    // The oldest due job has waited 90 s by the app's clock.
    expect(body).toMatch(/paperboy_jobs_oldest_due_seconds\{node="node-a"\} 90\b/);
    expect(body).toContain('paperboy_outbox_messages{status="queued",node="node-a"} 0');
    expect(body).toMatch(/paperboy_process_resident_memory_bytes\{node="node-a"\} \d+/);
    await app.close();
  });

  it("gives each request an id, echoes a proxy's, and carries it into the jobs it queues", async () => {
    db = await createTestDb(dialect);
    const { log, lines } = capturedLog();
    const { app, clock } = await appOn(db, { log });
    const testDb = db;
    app.post('/test/queue', async (req) => {
      req.log.info('queueing');
      return { job: await enqueue(testDb, { kind: 'probe' }, clock.now()) };
    });
    const res = await app.inject({
      method: 'POST',
      url: '/test/queue',
      headers: { 'x-request-id': 'edge-42', 'sec-fetch-site': 'same-origin' },
    });
    expect(res.headers['x-request-id']).toBe('edge-42');
    const jobId = res.json().job as number;
    expect((await getJob(db, jobId))?.request_id).toBe('edge-42');
    expect(lines.find((l) => l.msg === 'queueing')).toMatchObject({ requestId: 'edge-42', node: 'node-a' });
    // The worker runs the job as part of that request: its lines and the jobs it queues say so.
    let seen: string | undefined;
    const ran = await runNextJob({
      db,
      clock,
      log,
      handlers: {
        probe: async () => {
          seen = currentRequestId();
          return { follow: await enqueue(testDb, { kind: 'after' }, clock.now()) };
        },
      },
    });
    expect(ran).toBe(true);
    expect(seen).toBe('edge-42');
    const done = lines.find((l) => l.msg === 'job done');
    expect(done).toMatchObject({ requestId: 'edge-42', job: jobId, kind: 'probe' });
    const follow = (done!.result as { follow: number }).follow;
    expect((await getJob(db, follow))?.request_id).toBe('edge-42');
    // An id that is not a plain token is replaced by a fresh one.
    const bad = await app.inject({ url: '/healthz', headers: { 'x-request-id': 'a b\u0000c' } });
    expect(bad.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    await app.close();
  });
});

describe('graceful shutdown', () => {
  it('turns /readyz 503 first, finishes in-flight requests, then refuses connections', async () => {
    const db = await createTestDb('sqlite');
    const lifecycle = createLifecycle();
    const { app } = await appOn(db, { lifecycle });
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    let entered!: () => void;
    const inside = new Promise<void>((r) => {
      entered = r;
    });
    app.get('/test/slow', async () => {
      entered();
      await held;
      return { slow: 'done' };
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    const slow = fetch(`${base}/test/slow`).then(async (r) => ({ status: r.status, body: await r.json() }));
    await inside;
    const stopping = shutdown({
      lifecycle,
      log: silentLogger,
      delaySeconds: 5,
      graceSeconds: 30,
      parts: [{ stop: () => app.close() }],
    });
    // During the delay the node still serves, but tells the proxy to go elsewhere.
    const readyz = await fetch(`${base}/readyz`);
    expect(readyz.status).toBe(503);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    // After the delay it accepts no new connection, yet the held request is answered.
    await expect
      .poll(
        () =>
          fetch(`${base}/healthz`).then(
            () => 'served',
            () => 'refused',
          ),
        { timeout: 5000 },
      )
      .toBe('refused');
    release();
    expect(await slow).toEqual({ status: 200, body: { slow: 'done' } });
    expect(await stopping).toBe(true);
    await db.close();
  });

  it('gives up after the grace period when work does not finish', async () => {
    const never = { stop: () => new Promise<void>(() => {}) };
    const finished = await shutdown({
      lifecycle: createLifecycle(),
      log: silentLogger,
      delaySeconds: 0,
      graceSeconds: 0.2,
      parts: [never],
    });
    expect(finished).toBe(false);
  });
});
