import { afterEach, beforeEach, expect, it } from 'vitest';
import { spend } from '../../src/community/rate-limit.ts';
import { loadConfig } from '../../src/config.ts';
import { claim, complete, enqueue, fail, getJob } from '../../src/jobs/queue.ts';
import { enqueueTick, jobHandlers, recurringJobs } from '../../src/jobs/schedule.ts';
import { runNextJob } from '../../src/jobs/worker.ts';
import { fixedClock } from '../../src/shared/clock.ts';
import { silentLogger } from '../../src/shared/log.ts';
import { createTestDb, forEachDialect, type TestDb } from '../support/db.ts';

const T0 = '2026-08-21T12:00:00.000Z';
const lease = 60_000;

forEachDialect('job queue', (dialect) => {
  let db: TestDb;
  beforeEach(async () => {
    db = await createTestDb(dialect);
  });
  afterEach(async () => {
    await db.close();
  });

  it('enqueues once per unique key, leases a due job to one worker, and completes it', async () => {
    const now = new Date(T0);
    const id = await enqueue(db, { kind: 'k', payload: { a: 1 }, uniqueKey: 'tick-1' }, now);
    expect(id).toBeTypeOf('number');
    expect(await enqueue(db, { kind: 'k', uniqueKey: 'tick-1' }, now)).toBeNull();
    await enqueue(db, { kind: 'k', runAt: new Date('2026-08-21T13:00:00Z') }, now);

    const job = await claim(db, { worker: 'w1', now, leaseMs: lease });
    expect(job).toMatchObject({ id, status: 'running', attempts: 1, locked_by: 'w1', payload: '{"a":1}' });
    // The other job is not due yet; the claimed one is leased.
    expect(await claim(db, { worker: 'w2', now, leaseMs: lease })).toBeNull();
    await complete(db, job!, 'w1', now);
    expect((await getJob(db, id!))?.status).toBe('done');
  });

  it('takes a job back from a worker whose lease ran out', async () => {
    const now = new Date(T0);
    const id = await enqueue(db, { kind: 'k' }, now);
    await claim(db, { worker: 'dead', now, leaseMs: lease });
    const later = new Date(now.getTime() + lease + 1);
    const again = await claim(db, { worker: 'w2', now: later, leaseMs: lease });
    expect(again).toMatchObject({ id, locked_by: 'w2', attempts: 2 });
    // The dead worker can no longer complete it.
    await complete(db, again!, 'dead', later);
    expect((await getJob(db, id!))?.status).toBe('running');
  });

  it('retries with backoff, then fails for good after max attempts', async () => {
    const now = new Date(T0);
    const id = await enqueue(db, { kind: 'k', maxAttempts: 2 }, now);
    const j1 = await claim(db, { worker: 'w', now, leaseMs: lease });
    expect(await fail(db, j1!, 'w', new Error('arXiv is down'), now)).toBe('queued');
    const after = await getJob(db, id!);
    expect(after).toMatchObject({
      status: 'queued',
      last_error: 'arXiv is down',
      run_at: '2026-08-21T12:01:00.000Z',
    });
    expect(await claim(db, { worker: 'w', now, leaseMs: lease })).toBeNull();
    const j2 = await claim(db, { worker: 'w', now: new Date('2026-08-21T12:01:00Z'), leaseMs: lease });
    expect(await fail(db, j2!, 'w', 'still down', now)).toBe('failed');
    expect((await getJob(db, id!))?.status).toBe('failed');
  });

  it('concurrent claims never hand out the same job', async () => {
    const now = new Date(T0);
    for (let i = 0; i < 3; i++) await enqueue(db, { kind: 'k' }, now);
    const got = await Promise.all(
      Array.from({ length: 6 }, (_, i) => claim(db, { worker: `w${i}`, now, leaseMs: lease })),
    );
    const ids = got.filter((j) => j !== null).map((j) => j!.id);
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);
  });

  it('a failing handler is recorded and retried; the next run succeeds', async () => {
    const clock = fixedClock(T0);
    let calls = 0;
    const handlers = {
      flaky: async () => {
        calls++;
        if (calls === 1) throw new Error('network unreachable');
        return 'ok';
      },
    };
    const deps = { db, clock, log: silentLogger, handlers };
    const id = await enqueue(db, { kind: 'flaky' }, clock.now());
    expect(await runNextJob(deps, 'w')).toBe(true);
    expect(await getJob(db, id!)).toMatchObject({ status: 'queued', last_error: 'network unreachable' });
    expect(await runNextJob(deps, 'w')).toBe(false); // backing off
    clock.advance(60_000);
    expect(await runNextJob(deps, 'w')).toBe(true);
    expect(await getJob(db, id!)).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('housekeeping deletes ended rate-limit windows and old finished jobs, keeping the rest', async () => {
    const clock = fixedClock(T0);
    const limits = { RATE_LIMIT_VOTE: { max: 5, windowMs: 60_000 } } as never;
    await spend({ db, clock, config: limits }, 'vote', 1);
    const old = await enqueue(db, { kind: 'k' }, clock.now());
    const j = await claim(db, { worker: 'w', now: clock.now(), leaseMs: lease });
    await complete(db, j!, 'w', clock.now());
    clock.advance(3 * 86_400_000);
    await spend({ db, clock, config: limits }, 'vote', 2);
    const fresh = await enqueue(db, { kind: 'k' }, clock.now());
    const handlers = jobHandlers({
      db,
      clock,
      log: silentLogger,
      config: loadConfig({}),
      mailer: null as never,
    });
    expect(await handlers.housekeeping!({}, null as never, new AbortController().signal)).toEqual({
      rateLimits: 1,
      jobs: 1,
    });
    expect(await getJob(db, old!)).toBeNull();
    expect((await getJob(db, fresh!))?.status).toBe('queued');
    const windows = await db.kysely.selectFrom('rate_limit_counters').select('key').execute();
    expect(windows).toEqual([{ key: '2' }]);
  });

  it('schedules the daily arXiv ingest only when enabled, once per tick', async () => {
    const base = { PAPERBOY_DATA_DIR: '/tmp/pb', ARXIV_CATEGORIES: 'cs.CL,cs.LG' };
    expect(recurringJobs(loadConfig(base)).find((j) => j.name === 'arxiv-daily')?.enabled).toBe(false);
    const job = recurringJobs(loadConfig({ ...base, ARXIV_INGEST: '1' })).find(
      (j) => j.name === 'arxiv-daily',
    )!;
    expect(job).toMatchObject({
      enabled: true,
      cron: '30 1 * * *',
      payload: { categories: ['cs.CL', 'cs.LG'] },
    });
    const at = new Date('2026-08-22T01:30:00Z');
    expect(await enqueueTick(db, job, at, at)).toBe(true);
    expect(await enqueueTick(db, job, at, at)).toBe(false); // a second server process
    const rows = await db.kysely.selectFrom('jobs').select(['kind', 'unique_key']).execute();
    expect(rows).toEqual([{ kind: 'arxiv-daily', unique_key: 'arxiv-daily@2026-08-22T01:30' }]);
  });
});

it('a bad cron pattern stops start-up with a clear message', () => {
  expect(() => loadConfig({ ARXIV_INGEST_CRON: 'every day' })).toThrow(
    /ARXIV_INGEST_CRON: not a cron pattern/,
  );
});

it('every cron setting and EMBEDDER_URL are checked at start-up, all problems at once', () => {
  let message = '';
  try {
    loadConfig({
      DIGEST_DAILY_CRON: '0 7 * *',
      WEBHOOK_CRON: 'weekdays',
      EMBED_CRON: 'sometimes',
      EMBEDDER: 'openai',
      PORT: 'eighty',
    });
  } catch (e) {
    message = (e as Error).message;
  }
  for (const key of ['DIGEST_DAILY_CRON', 'WEBHOOK_CRON', 'EMBED_CRON', 'EMBEDDER_URL', 'PORT'])
    expect(message).toContain(`${key}:`);
  expect(loadConfig({ EMBED_CRON: 'off' }).EMBED_CRON).toBeNull();
  expect(loadConfig({ EMBEDDER: 'openai', EMBEDDER_URL: 'http://127.0.0.1:8080' }).EMBEDDER).toBe('openai');
});

it('the recurring-jobs list holds every schedule of the instance', () => {
  const names = recurringJobs(loadConfig({ PAPERBOY_DATA_DIR: '/tmp/pb' })).map((j) => j.name);
  expect(names).toEqual([
    'arxiv-daily',
    'embed',
    'summarize',
    'digest:daily',
    'digest:weekly',
    'digest:alerts',
    'digest:deliver',
    'webhooks:daily',
    'housekeeping',
  ]);
});
