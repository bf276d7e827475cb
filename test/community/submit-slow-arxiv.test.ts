/**
 * Submitting while arXiv is slow or silent, against a local fake arXiv export API (a real
 * HTTP server on loopback, reached through the real client): the request never waits
 * longer than SUBMIT_LOOKUP_TIMEOUT_MS, the submission is queued, and the one job queue
 * finishes it, credited once to its submitter, or gives up with a visible reason.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createHttpFetch } from '../../src/ingest/http.ts';
import { jobHandlers } from '../../src/jobs/schedule.ts';
import { runDueJobs } from '../../src/jobs/worker.ts';
import { silentLogger } from '../../src/shared/log.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { signedInClient } from '../support/client.ts';
import { forEachDialect } from '../support/db.ts';
import { fixturePath } from '../support/http.ts';

const NOW = '2016-05-30T12:00:00.000Z';
const TIMEOUT_MS = 300;
/** A recorded answer for 1605.08386 (published 2016-05-26), served under whichever new-style id is asked for. */
const RECORDED = fs.readFileSync(
  fixturePath('arxiv-api/id_1605.08386_s0_m100_199195aa31ad.http200.xml'),
  'utf8',
);

/** How the fake arXiv answers: at once, after `delayMs`, or never. */
type Mode = { kind: 'fast' } | { kind: 'slow'; delayMs: number } | { kind: 'silent' };

function fakeArxiv() {
  let mode: Mode = { kind: 'fast' };
  const asked: string[] = [];
  const server = http.createServer((req, res) => {
    const id = new URL(req.url ?? '/', 'http://x').searchParams.get('id_list') ?? '';
    asked.push(id);
    if (mode.kind === 'silent') return; // holds the connection, never answers
    const answer = () => {
      res.writeHead(200, { 'content-type': 'application/atom+xml' });
      res.end(RECORDED.replaceAll('1605.08386', id));
    };
    if (mode.kind === 'slow') setTimeout(answer, mode.delayMs).unref();
    else answer();
  });
  return {
    server,
    asked,
    set: (m: Mode) => {
      mode = m;
    },
    url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/query`,
  };
}

forEachDialect('submitting while arXiv is slow', (dialect) => {
  let t: TestApp;
  const arxiv = fakeArxiv();
  let runJobs: () => Promise<number>;

  beforeAll(async () => {
    await new Promise<void>((r) => arxiv.server.listen(0, '127.0.0.1', r));
    const env = {
      ARXIV_API_URL: arxiv.url(),
      ARXIV_MIN_INTERVAL_MS: '0',
      SUBMIT_LOOKUP_TIMEOUT_MS: String(TIMEOUT_MS),
    };
    const client = createHttpFetch({ BASE_URL: 'http://paperboy.test', ARXIV_MIN_INTERVAL_MS: 0 });
    t = await createTestApp(dialect, { now: NOW, env, http: client });
    const handlers = jobHandlers({ ...t.deps, http: client });
    runJobs = () => runDueJobs({ db: t.db, clock: t.clock, log: silentLogger, handlers }, 'test-worker');
  });
  afterAll(async () => {
    arxiv.server.closeAllConnections();
    await new Promise((r) => arxiv.server.close(r));
    await t.close();
  });

  const entries = (arxivId: string) =>
    t.db.kysely
      .selectFrom('daily_entries as e')
      .innerJoin('papers as p', 'p.id', 'e.paper_id')
      .innerJoin('users as u', 'u.id', 'e.submitted_by')
      .select(['u.handle', 'e.feed_date'])
      .where('p.arxiv_id', '=', arxivId)
      .execute();
  const submissionJobs = (arxivId: string) =>
    t.db.kysely
      .selectFrom('jobs')
      .select(['status', 'attempts', 'last_error'])
      .where('kind', '=', 'submission')
      .where('payload', 'like', `%"${arxivId}"%`)
      .execute();

  it('arXiv answering in time: featured at once, as before', async () => {
    arxiv.set({ kind: 'fast' });
    const c = await signedInClient(t, 'quick@example.org');
    const res = await c.post('/submit', { paper: '1605.00001' }, { accept: 'application/json' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ status: 'featured', arxivId: '1605.00001', fetched: true });
    expect(await entries('1605.00001')).toEqual([{ handle: 'quick', feed_date: '2016-05-30' }]);
    expect(await submissionJobs('1605.00001')).toEqual([]);
  });

  it('arXiv too slow: queued (202), not doubled by a second submission, then featured by the job for its submitter', async () => {
    arxiv.set({ kind: 'slow', delayMs: TIMEOUT_MS * 5 });
    const first = await signedInClient(t, 'patient@example.org');
    const page = await first.post('/submit', {
      paper: 'https://arxiv.org/abs/1605.00002v1',
      note: 'worth it',
    });
    expect(page.statusCode).toBe(202);
    expect(page.body).toContain('Queued: the paper will appear when arXiv answers.');
    expect(page.body).toContain('arXiv:1605.00002');
    expect(page.body).toContain('waiting for arXiv to answer');
    expect(await entries('1605.00002')).toEqual([]);

    const second = await signedInClient(t, 'latecomer@example.org');
    const api = await second.post('/submit', { paper: '1605.00002' }, { accept: 'application/json' });
    expect(api.statusCode).toBe(202);
    expect(api.json()).toMatchObject({ status: 'queued', arxivId: '1605.00002' });
    expect(await submissionJobs('1605.00002')).toHaveLength(1);

    arxiv.set({ kind: 'fast' });
    t.clock.advance(60_000); // the worker comes by later; the rules still apply as of submission
    expect(await runJobs()).toBe(1);
    expect(await entries('1605.00002')).toEqual([{ handle: 'patient', feed_date: '2016-05-30' }]);
    expect(await submissionJobs('1605.00002')).toEqual([{ status: 'done', attempts: 1, last_error: null }]);
    const paper = await first.get('/papers/1605.00002');
    expect(paper.body).toContain('@patient');
    expect((await first.get('/submit')).body).not.toContain('arXiv:1605.00002');
    // Featured once: submitting it now is the usual refusal.
    const again = await second.post('/submit', { paper: '1605.00002' }, { accept: 'application/json' });
    expect(again.statusCode).toBe(409);
  });

  it('arXiv never answering: the job retries with backoff, then gives up with a visible reason', async () => {
    arxiv.set({ kind: 'silent' });
    const c = await signedInClient(t, 'unlucky@example.org');
    const res = await c.post('/submit', { paper: '1605.00003' }, { accept: 'application/json' });
    expect(res.statusCode).toBe(202);
    for (let attempt = 1; attempt <= 5; attempt++) {
      expect(await runJobs()).toBe(1);
      t.clock.advance(60 * 60_000); // past the longest backoff
    }
    expect(await runJobs()).toBe(0);
    const [job] = await submissionJobs('1605.00003');
    expect(job).toMatchObject({ status: 'failed', attempts: 5 });
    expect(job!.last_error).toContain(`arXiv did not answer about 1605.00003 within ${TIMEOUT_MS / 1000} s`);
    expect(await entries('1605.00003')).toEqual([]);
    const page = await c.get('/submit');
    expect(page.body).toContain('arXiv:1605.00003');
    expect(page.body).toContain('not submitted: arXiv did not answer');

    // Submitting it again once arXiv is back queues nothing stale: it is featured at once.
    arxiv.set({ kind: 'fast' });
    const back = await c.post('/submit', { paper: '1605.00003' }, { accept: 'application/json' });
    expect(back.statusCode).toBe(201);
  });
});
