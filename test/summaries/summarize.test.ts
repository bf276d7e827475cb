/**
 * The summariser against a local fake OpenAI-compatible server, on both databases:
 * success, rejected replies, 429 + Retry-After, 5xx, timeouts, the daily budget, bounded
 * concurrency, prompt injection, and the job in the queue. (The crash test is in crash.test.ts.)
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { enqueueTick, jobHandlers, recurringJobs } from '../../src/jobs/schedule.ts';
import { runDueJobs } from '../../src/jobs/worker.ts';
import { fixedClock } from '../../src/shared/clock.ts';
import { silentLogger } from '../../src/shared/log.ts';
import { MAX_REJECTED, usageOn } from '../../src/summaries/summaries.repo.ts';
import { type SummarizerSettings, summarisePapers } from '../../src/summaries/summarize.ts';
import { forEachDialect, freshDbEachTest, type TestDb } from '../support/db.ts';
import { makePaper } from '../support/factories.ts';
import { completion, type FakeLlm, goodSummary, startFakeLlm } from '../support/fake-llm.ts';
import { storeFeatured } from './helpers.ts';

const DAY1 = '2026-08-21T12:00:00.000Z';
const HOUR = 3_600_000;

function settings(url: string, over: Partial<SummarizerSettings> = {}): SummarizerSettings {
  return {
    endpoint: { url, model: 'test-model', apiKey: 'sk-test', timeoutMs: 2000 },
    scope: 'featured',
    concurrency: 2,
    budget: { requests: 0, tokens: 0 },
    timezone: 'UTC',
    ...over,
  };
}

/** Papers `P1`… (published in order, so the newest is asked about first), featured unless told. */
async function seed(
  db: TestDb,
  n: number,
  opts: { unfeatured?: number[]; imported?: number[]; abstract?: (i: number) => string } = {},
) {
  const papers = Array.from({ length: n }, (_, k) => {
    const i = k + 1;
    return makePaper({
      title: `Paper P${i} on things`,
      abstract: opts.abstract?.(i) ?? `We study thing number ${i}. It is good.`,
      publishedAt: `2026-08-${String(i).padStart(2, '0')}T10:00:00.000Z`,
      ...(opts.imported?.includes(i)
        ? { aiSummary: `Imported summary of P${i}.`, aiKeywords: ['imported'], aiSummaryModel: 'hf/model' }
        : {}),
    });
  });
  await storeFeatured(
    db,
    papers,
    papers.filter((_, k) => opts.unfeatured?.includes(k + 1)).map((p) => p.arxivId),
  );
  return papers.map((p) => p.arxivId);
}

async function summaries(db: TestDb) {
  const rows = await db.kysely
    .selectFrom('papers')
    .select(['title', 'ai_summary', 'ai_keywords', 'ai_summary_model'])
    .orderBy('title')
    .execute();
  return Object.fromEntries(rows.map((r) => [/P\d+/.exec(r.title)![0], r]));
}

forEachDialect('summaries', (dialect) => {
  let db: TestDb;
  let llm: FakeLlm;
  let waits: number[];
  freshDbEachTest(dialect, (d) => {
    db = d;
  });
  beforeEach(async () => {
    llm = await startFakeLlm();
    waits = [];
  });
  afterEach(async () => {
    await llm.close();
  });
  const run = (clock = fixedClock(DAY1), over: Partial<SummarizerSettings> = {}, redo = false) =>
    summarisePapers(
      {
        db,
        clock,
        settings: settings(llm.url, over),
        sleep: async (ms) => {
          waits.push(ms);
        },
      },
      { redo },
    );

  it('summarises featured papers lacking a summary, once, keeping imported ones unless asked to redo', async () => {
    await seed(db, 4, { unfeatured: [4], imported: [3] });
    const r = await run();
    expect(r).toEqual({ summarised: 2, rejected: 0, stopped: null });
    const s = await summaries(db);
    expect(s.P1).toEqual({
      title: 'Paper P1 on things',
      ai_summary: 'Summary of Paper P1 on things. It works.',
      ai_keywords: JSON.stringify(['testing', 'Paper P1 on things']),
      ai_summary_model: 'test-model',
    });
    expect(s.P2!.ai_summary_model).toBe('test-model');
    expect(s.P3!.ai_summary).toBe('Imported summary of P3.');
    expect(s.P4!.ai_summary).toBeNull();
    // What was asked: JSON mode, the bearer token, the title and abstract fenced.
    expect(llm.requests.map((q) => q.title)).toEqual(['Paper P2 on things', 'Paper P1 on things']);
    expect(llm.requests[0]!.body.response_format).toEqual({ type: 'json_object' });
    expect(llm.requests[0]!.authorization).toBe('Bearer sk-test');
    expect(llm.requests[0]!.prompt).toContain('We study thing number 2.');

    expect(await run()).toEqual({ summarised: 0, rejected: 0, stopped: null });
    expect(llm.requests).toHaveLength(2);

    // SCOPE=all takes the unfeatured paper too; --redo replaces the imported one, and a
    // second --redo finds nothing left to redo.
    expect((await run(undefined, { scope: 'all' })).summarised).toBe(1);
    expect((await run(undefined, {}, true)).summarised).toBe(1);
    expect((await summaries(db)).P3!.ai_summary_model).toBe('test-model');
    expect((await run(undefined, {}, true)).summarised).toBe(0);
    expect(llm.requests).toHaveLength(4);
  });

  it('rejects a malformed reply, retries the paper later and gives up after a few tries', async () => {
    await seed(db, 2);
    llm.respond = (q) =>
      q.title.includes('P2') ? completion('Sure! The summary is: it is about things') : goodSummary(q.title);
    const clock = fixedClock(DAY1);
    expect(await run(clock)).toEqual({ summarised: 1, rejected: 1, stopped: null });
    expect((await summaries(db)).P2!.ai_summary).toBeNull();
    const state = await db.kysely.selectFrom('summary_state').selectAll().orderBy('paper_id').execute();
    expect(state.map((x) => x.status).sort()).toEqual(['done', 'retry']);
    expect(state.find((x) => x.status === 'retry')!.last_error).toMatch(/not a JSON object/);

    // Not asked again until its retry time; then again (and a non-JSON HTTP body counts too).
    expect(await run(clock)).toEqual({ summarised: 0, rejected: 0, stopped: null });
    llm.respond = () => ({ body: '<html>Bad gateway</html>' });
    for (let i = 1; i < MAX_REJECTED; i++) {
      clock.advance(24 * HOUR);
      expect(await run(clock)).toEqual({ summarised: 0, rejected: 1, stopped: null });
    }
    clock.advance(30 * 24 * HOUR);
    expect(await run(clock)).toEqual({ summarised: 0, rejected: 0, stopped: null });
    expect(llm.requests).toHaveLength(1 + MAX_REJECTED);
    // --redo gives the given-up paper another chance.
    llm.respond = (q) => goodSummary(q.title);
    expect((await run(clock, {}, true)).summarised).toBe(1);
  });

  it('waits as a 429 Retry-After says, then succeeds', async () => {
    await seed(db, 1);
    llm.respond = (q) =>
      q.n === 1
        ? { status: 429, headers: { 'retry-after': '7' }, body: { error: 'slow' } }
        : goodSummary(q.title);
    expect((await run()).summarised).toBe(1);
    expect(waits).toEqual([7000]);
    expect(await usageOn(db, '2026-08-21')).toEqual({ requests: 2, tokens: 100 });
  });

  it('backs off after a 500, then succeeds; a Retry-After beyond a minute ends the run', async () => {
    await seed(db, 2);
    llm.respond = (q) => (q.n === 1 ? { status: 500, body: 'oops' } : goodSummary(q.title));
    expect(await run(undefined, { concurrency: 1 })).toEqual({ summarised: 2, rejected: 0, stopped: null });
    expect(waits).toEqual([1000]);

    await seed(db, 1);
    llm.respond = () => ({ status: 503, headers: { 'retry-after': '3600' } });
    const r = await run(undefined, { scope: 'all' });
    expect(r.stopped).toEqual({ why: 'unavailable', message: 'the summariser asked to wait 3600 s' });
  });

  it('times out a request that never answers, retries it, and frees the paper when every try times out', async () => {
    await seed(db, 1);
    llm.respond = (q) => (q.n === 1 ? 'hang' : goodSummary(q.title));
    expect(
      (await run(undefined, { endpoint: { url: llm.url, model: 'test-model', timeoutMs: 200 } })).summarised,
    ).toBe(1);
    expect(waits).toEqual([1000]);

    await seed(db, 1);
    llm.respond = () => 'hang';
    const r = await run(undefined, { endpoint: { url: llm.url, model: 'test-model', timeoutMs: 100 } });
    expect(r.summarised).toBe(0);
    expect(r.stopped?.why).toBe('unavailable');
    expect(r.stopped?.message).toMatch(/no answer within 100 ms \(after 4 attempts\)/);
    expect(waits).toEqual([1000, 1000, 2000, 4000]);
    // Released at once, not held until its lease ends: the next run takes it.
    llm.respond = (q) => goodSummary(q.title);
    expect((await run()).summarised).toBe(1);
  });

  it('stops when the daily request budget is spent and resumes the next day', async () => {
    await seed(db, 5);
    const clock = fixedClock(DAY1);
    const budget = { requests: 2, tokens: 0 };
    expect(await run(clock, { budget })).toEqual({
      summarised: 2,
      rejected: 0,
      stopped: { why: 'budget', message: "the summariser's daily budget is spent" },
    });
    expect((await run(clock, { budget })).summarised).toBe(0);
    expect(llm.requests).toHaveLength(2);
    clock.set('2026-08-22T00:00:01.000Z');
    expect((await run(clock, { budget })).summarised).toBe(2);
    clock.set('2026-08-23T00:00:01.000Z');
    expect((await run(clock, { budget })).summarised).toBe(1);
    expect(llm.requests).toHaveLength(5);
    expect(new Set(llm.answered).size).toBe(5);
  });

  it('stops when the daily token budget is spent', async () => {
    await seed(db, 4);
    const r = await run(undefined, { budget: { requests: 0, tokens: 150 }, concurrency: 1 });
    // 100 tokens per reply: the second request starts under 150, the third does not.
    expect(r).toMatchObject({ summarised: 2, stopped: { why: 'budget' } });
    expect(await usageOn(db, '2026-08-21')).toEqual({ requests: 2, tokens: 200 });
  });

  it('keeps at most SUMMARIZER_CONCURRENCY requests in flight', async () => {
    await seed(db, 6);
    let release: () => void = () => {};
    const second = new Promise<void>((r) => {
      release = r;
    });
    llm.respond = async (q) => {
      // The first answer waits for a second request to arrive (or 5 s), so two overlap.
      if (q.n === 1) await Promise.race([second, new Promise((w) => setTimeout(w, 5000))]);
      if (q.n === 2) release();
      return goodSummary(q.title);
    };
    expect((await run(undefined, { concurrency: 2 })).summarised).toBe(6);
    expect(llm.maxInFlight).toBe(2);
  });

  it('stops with the reason when the endpoint refuses the request (401)', async () => {
    await seed(db, 2);
    llm.respond = () => ({ status: 401, body: { error: { message: 'bad key' } } });
    const r = await run();
    expect(r.stopped?.why).toBe('refused');
    expect(r.stopped?.message).toMatch(/HTTP 401.*bad key/);
    expect(llm.requests.length).toBeLessThanOrEqual(2);
    const leased = await db.kysely
      .selectFrom('summary_state')
      .select('status')
      .where('status', '=', 'leased')
      .execute();
    expect(leased).toEqual([]);
  });

  it('runs as the summarize job of the queue', async () => {
    await seed(db, 3);
    const config = loadConfig({
      SUMMARIZER: 'openai',
      SUMMARIZER_URL: llm.url,
      SUMMARIZER_MODEL: 'queue-model',
      PAPERBOY_DATA_DIR: '/tmp/paperboy-unused',
    });
    const job = recurringJobs(config).find((j) => j.name === 'summarize')!;
    expect(job.enabled).toBe(true);
    expect(recurringJobs(loadConfig({})).find((j) => j.name === 'summarize')!.enabled).toBe(false);
    const clock = fixedClock(DAY1);
    const handlers = jobHandlers({ db, clock, config, log: silentLogger, mailer: undefined as never });
    expect(await enqueueTick(db, job, clock.now(), clock.now())).toBe(true);
    expect(
      await runDueJobs({ db, clock, log: silentLogger, handlers: { summarize: handlers.summarize! } }),
    ).toBe(1);
    const s = await summaries(db);
    expect(Object.values(s).map((p) => p.ai_summary_model)).toEqual([
      'queue-model',
      'queue-model',
      'queue-model',
    ]);
    const j = await db.kysely.selectFrom('jobs').select(['status', 'last_error']).executeTakeFirstOrThrow();
    expect(j).toEqual({ status: 'done', last_error: null });
  });
});

describe('config', () => {
  it('requires a URL and a model with SUMMARIZER=openai', () => {
    expect(() => loadConfig({ SUMMARIZER: 'openai' })).toThrow(
      /SUMMARIZER_URL: required[\s\S]*SUMMARIZER_MODEL: required/,
    );
  });
});
