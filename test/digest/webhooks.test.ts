/**
 * Webhooks against a real HTTP receiver on 127.0.0.1: each daily edition is posted once
 * per webhook as Slack or Discord JSON, by jobs of the job queue; failures are retried
 * later with the queue's backoff, logged, and given up on after MAX_ATTEMPTS.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createMailer } from '../../src/digest/mailer.ts';
import {
  addWebhook,
  MAX_ATTEMPTS,
  queueDailyWebhooks,
  webhookDeliveries,
} from '../../src/digest/webhooks.ts';
import { importHfDaily } from '../../src/ingest/ingest.ts';
import { type JobDeps, jobHandlers } from '../../src/jobs/schedule.ts';
import { runNextJob } from '../../src/jobs/worker.ts';
import { fixedClock } from '../../src/shared/clock.ts';
import { silentLogger } from '../../src/shared/log.ts';
import { createTestDb, forEachDialect, type TestDb } from '../support/db.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/hf-daily');

forEachDialect('webhooks', (dialect) => {
  let db: TestDb;
  let server: http.Server;
  let base: string;
  const received: { path: string; body: Record<string, unknown> }[] = [];
  /** Status each path answers with, in turn (the last one repeats). */
  const answers: Record<string, number[]> = {};
  const logs: { level: number; msg: string; webhook?: number; error?: string }[] = [];
  const clock = fixedClock('2026-08-22T07:00:00.000Z');
  let deps: JobDeps;
  /** What a worker does now: runs every due job; counts the deliveries it attempted by outcome. */
  async function deliver() {
    const before = new Map((await webhookDeliveries(deps)).map((d) => [d.id, d.attempts]));
    while (await runNextJob({ ...deps, handlers: jobHandlers(deps) }, 'w')) {}
    const out = { delivered: 0, retrying: 0, failed: 0 };
    for (const d of await webhookDeliveries(deps)) {
      if (before.get(d.id) === d.attempts) continue; // not attempted in this run
      if (d.status === 'delivered') out.delivered++;
      else if (d.status === 'failed') out.failed++;
      else out.retrying++;
    }
    return out;
  }

  beforeAll(async () => {
    db = await createTestDb(dialect);
    await importHfDaily({ db, clock }, FIXTURES);
    server = http.createServer((req, res) => {
      let data = '';
      req.on('data', (c) => {
        data += c;
      });
      req.on('end', () => {
        received.push({ path: req.url ?? '', body: JSON.parse(data) });
        const list = answers[req.url ?? ''] ?? [200];
        const status = list.length > 1 ? list.shift()! : list[0]!;
        res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'nope');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const log = pino({ level: 'info' }, { write: (s: string) => void logs.push(JSON.parse(s)) });
    const config = loadConfig({ BASE_URL: 'http://paperboy.test', PAPERBOY_DATA_DIR: os.tmpdir() });
    deps = { db, clock, log, config, mailer: createMailer(config, silentLogger) };
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await db.close();
  });

  it('posts each daily edition once per webhook, as Slack and Discord JSON', async () => {
    answers['/discord'] = [500, 204];
    const slack = await addWebhook(deps, `${base}/slack`);
    const discord = await addWebhook(deps, `${base}/discord`, 'discord');
    expect(slack.format).toBe('slack');

    expect(await queueDailyWebhooks(deps, '2025-09-30')).toEqual({ edition: 'daily:2025-09-29', queued: 2 });
    expect((await queueDailyWebhooks(deps, '2025-09-29')).queued).toBe(0); // already queued

    expect(await deliver()).toEqual({ delivered: 1, retrying: 1, failed: 0 });
    const s = received.find((r) => r.path === '/slack')!.body as { text: string; blocks: Obj[] };
    expect(s.text).toMatch(
      /^Top papers of Monday, September 29, 2025 \(top 10 of 30\): http:\/\/paperboy\.test\/papers\/date\/2025-09-29$/,
    );
    expect(s.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'Top papers of Monday, September 29, 2025' },
    });
    const sections = s.blocks.filter((b) => b.type === 'section') as { text: { text: string } }[];
    expect(sections).toHaveLength(10);
    expect(sections[0]!.text.text).toMatch(
      /^\*<http:\/\/paperboy\.test\/papers\/2509\.\d+\|[^>]+>\*\n▲ 100 · /,
    );

    // The failed one is logged (without its URL) and retried after a pause, not at once.
    const warn = logs.find((l) => l.msg === 'webhook delivery failed; will retry')!;
    expect(warn.webhook).toBe(discord.id);
    expect(JSON.stringify(logs)).not.toContain(base);
    expect(await deliver()).toEqual({ delivered: 0, retrying: 0, failed: 0 });
    clock.advance(61_000);
    expect(await deliver()).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    const posts = received.filter((r) => r.path === '/discord');
    expect(posts).toHaveLength(2);
    expect(posts[1]!.body).toEqual(posts[0]!.body); // retries post the frozen payload
    const d = posts[1]!.body as { content: string; embeds: Obj[] };
    expect(d.content).toContain('**Top papers of Monday, September 29, 2025**');
    expect(d.embeds).toHaveLength(10);
    expect(d.embeds[0]!.url).toMatch(/^http:\/\/paperboy\.test\/papers\/2509\./);

    const history = await webhookDeliveries(deps);
    expect(history.map((h) => [h.status, h.attempts]).sort()).toEqual([
      ['delivered', 1],
      ['delivered', 2],
    ]);
  });

  it(`gives up after ${MAX_ATTEMPTS} attempts, logging each failure`, async () => {
    answers['/down'] = [503];
    const hook = await addWebhook(deps, `${base}/down`);
    expect((await queueDailyWebhooks(deps, '2026-08-21')).queued).toBe(3); // one per webhook
    let failed = 0;
    for (let i = 0; i < MAX_ATTEMPTS + 2; i++) {
      failed += (await deliver()).failed;
      clock.advance(9 * 3_600_000);
    }
    expect(failed).toBe(1);
    expect(received.filter((r) => r.path === '/down')).toHaveLength(MAX_ATTEMPTS);
    const mine = (await webhookDeliveries(deps)).find((h) => h.webhook_id === hook.id)!;
    expect(mine.status).toBe('failed');
    expect(mine.last_status).toBe(503);
    expect(mine.last_error).toContain('HTTP 503');
    expect(logs.filter((l) => l.webhook === hook.id && l.level === 50)).toHaveLength(1);
  });

  it('rejects URLs that are not http(s)', async () => {
    await expect(addWebhook(deps, 'ftp://example.org/x')).rejects.toThrow(/http/);
    await expect(addWebhook(deps, 'not a url')).rejects.toThrow(/not a URL/);
  });
});

type Obj = Record<string, unknown>;
