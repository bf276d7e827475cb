/**
 * The cluster of docs/DEPLOY.md, for real: two web nodes and two workers, each its own
 * `paperboy serve --role …` process, on one throwaway PostgreSQL database, behind an
 * HAProxy started here that checks /readyz. Requests pinned to a node carry `x-node`.
 */

import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSession } from '../../src/community/auth.ts';
import { findOrCreateUserByEmail } from '../../src/community/users.repo.ts';
import { loadConfig } from '../../src/config.ts';
import { importBatch } from '../../src/papers/papers.repo.ts';
import { systemClock } from '../../src/shared/clock.ts';
import { insertActiveSubscribers } from '../digest/helpers.ts';
import { type Balancer, type Node, startHaproxy, startNode } from '../support/cluster.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { HAS_HAPROXY, HAS_PG } from '../support/env.ts';
import { makePaper } from '../support/factories.ts';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp.ts';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.ts';

const VOTERS = 50;
const SUBSCRIBERS = 40;
/** The documented limits this cluster runs with (README: API_RATE_LIMIT, RATE_LIMIT_VOTE). */
const API_LIMIT = 20;
const VOTE_LIMIT = 8;
const SECRET = 'cluster-test-secret-cluster-test-secret-0123456789';

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

if (HAS_PG && HAS_HAPROXY)
  describe('a cluster behind HAProxy [postgres]', () => {
    let db: TestDb;
    let mail: TestSmtpServer;
    let a: Node;
    let b: Node;
    let proxy: Balancer;
    const workers: Node[] = [];
    const today = [makePaper(), makePaper(), makePaper(), makePaper()];
    const yesterday = Array.from({ length: 5 }, () => makePaper());
    const voters: { cookie: string; csrf: string }[] = [];
    let env: Record<string, string>;

    /** A request through the proxy, optionally pinned to a node. */
    async function via(
      node: Node | null,
      url: string,
      init: RequestInit & { headers?: Record<string, string> } = {},
    ) {
      return fetch(`${proxy.origin}${url}`, {
        redirect: 'manual',
        ...init,
        headers: { ...(node ? { 'x-node': node.name } : {}), ...init.headers },
      });
    }
    async function voteVia(
      node: Node | null,
      member: { cookie: string; csrf: string },
      paper: string,
      up = true,
    ) {
      const res = await via(node, '/votes', {
        method: 'POST',
        headers: {
          cookie: member.cookie,
          'sec-fetch-site': 'same-origin',
          accept: 'application/json',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ paper, action: up ? 'up' : 'down', _csrf: member.csrf }).toString(),
      });
      return { status: res.status, body: (await res.json()) as { upvotes?: number } };
    }
    async function csrfOf(cookie: string, node: Node | null = null) {
      const page = await (await via(node, '/settings', { headers: { cookie } })).text();
      const m = /name="_csrf" value="([^"]+)"/.exec(page);
      if (!m) throw new Error('no CSRF token on /settings');
      return m[1]!;
    }
    async function member(email: string) {
      const config = loadConfig({ PAPERBOY_DATA_DIR: '/tmp/pb-cluster', PAPERBOY_SECRET: SECRET });
      const { user } = await findOrCreateUserByEmail(db, email, new Date());
      const s = await startSession({ db, clock: systemClock, config }, user.id, 'cluster test');
      const cookie = `pb_session=${s.cookieValue}`;
      return { cookie, csrf: await csrfOf(cookie) };
    }
    const upvotesOn = (html: string, id: string) =>
      Number(
        new RegExp(`data-arxiv-id="${id.replace('.', '\\.')}" data-upvotes="(\\d+)"`).exec(html)?.[1] ?? NaN,
      );

    beforeAll(async () => {
      db = await createTestDb('postgres');
      const now = new Date();
      await importBatch(
        db,
        [...today, ...yesterday],
        [
          ...today.map((p) => ({ arxivId: p.arxivId, feedDate: day(0), submittedAt: now.toISOString() })),
          ...yesterday.map((p) => ({
            arxivId: p.arxivId,
            feedDate: day(-1),
            submittedAt: now.toISOString(),
          })),
        ],
        { source: 'test', now },
      );
      await insertActiveSubscribers(db, SUBSCRIBERS, now.toISOString());
      mail = await startSmtpServer();
      env = {
        DATABASE_URL: db.url!,
        PAPERBOY_DATA_DIR: '/tmp/pb-cluster',
        PAPERBOY_SECRET: SECRET,
        PAPERBOY_DEMO: '0',
        EMBEDDER: 'off',
        BASE_URL: 'http://paperboy.test',
        LOG_LEVEL: 'warn',
        TRUST_PROXY: '127.0.0.1',
        API_RATE_LIMIT: String(API_LIMIT),
        RATE_LIMIT_VOTE: `${VOTE_LIMIT}/1m`,
        SHUTDOWN_DELAY_SECONDS: '2',
        SHUTDOWN_GRACE_SECONDS: '30',
        SMTP_URL: mail.url,
      };
      [a, b] = await Promise.all([startNode('a', 'web', env), startNode('b', 'web', env)]);
      proxy = await startHaproxy([a, b]);
      for (let i = 0; i < VOTERS; i++) voters.push(await member(`voter${i}@example.org`));
    }, 300_000);

    afterAll(async () => {
      for (const n of [a, b, ...workers]) if (n) n.signal('SIGKILL');
      await proxy?.stop();
      await mail?.close();
      await db?.close();
    });

    it('a member signs in through node A and votes through node B', async () => {
      const login = await via(a, '/login', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
        body: 'email=ada%40example.org',
      });
      expect(login.status).toBe(200);
      const sent = mail.received.find((m) => m.envelopeTo.includes('ada@example.org'));
      const token = /\/login\/verify\?token=([A-Za-z0-9_-]+)/.exec(sent?.parsed.text ?? '')?.[1];
      expect(token).toBeDefined();
      const verify = await via(a, '/login/verify', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
        body: `token=${token}`,
      });
      expect(verify.status).toBe(303);
      const cookie = /pb_session=[^;]+/.exec(verify.headers.get('set-cookie') ?? '')?.[0];
      expect(cookie).toBeDefined();
      const ada = { cookie: cookie!, csrf: await csrfOf(cookie!, b) };
      const voted = await voteVia(b, ada, today[0]!.arxivId);
      expect(voted).toEqual({ status: 200, body: expect.objectContaining({ upvotes: 1 }) });
    });

    it(`${VOTERS} voters spread over both nodes end with exact counts`, async () => {
      const paper = today[1]!.arxivId;
      const results = await Promise.all(voters.map((v, i) => voteVia(i % 2 ? a : b, v, paper)));
      expect(results.filter((r) => r.status !== 200)).toEqual([]);
      const row = await db.kysely
        .selectFrom('papers')
        .select('upvotes')
        .where('arxiv_id', '=', paper)
        .executeTakeFirstOrThrow();
      expect(row.upvotes).toBe(VOTERS);
      for (const node of [a, b]) expect(upvotesOn(await (await via(node, '/')).text(), paper)).toBe(VOTERS);
    });

    it(`a per-IP limit (API_RATE_LIMIT=${API_LIMIT}) and a per-member limit (RATE_LIMIT_VOTE=${VOTE_LIMIT}/1m) trip at that number across both nodes`, async () => {
      const client = { 'x-forwarded-for': '198.51.100.9' };
      for (let i = 0; i < API_LIMIT; i++)
        expect((await via(i % 2 ? a : b, '/api/daily_papers', { headers: client })).status).toBe(200);
      for (const node of [a, b]) {
        const over = await via(node, '/api/daily_papers', { headers: client });
        expect(over.status).toBe(429);
        expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
      }
      // Another client (as HAProxy forwards it) still has its whole budget.
      expect(
        (await via(a, '/api/daily_papers', { headers: { 'x-forwarded-for': '198.51.100.10' } })).status,
      ).toBe(200);

      const m = await member('eager@example.org');
      const paper = today[2]!.arxivId;
      for (let i = 0; i < VOTE_LIMIT; i++)
        expect((await voteVia(i % 2 ? a : b, m, paper, i % 2 === 0)).status).toBe(200);
      for (const node of [a, b]) expect((await voteVia(node, m, paper)).status).toBe(429);
    });

    it('a vote through A shows on an anonymous page from B within 1 s', async () => {
      const paper = today[3]!.arxivId;
      // B has this page cached before the vote.
      expect(upvotesOn(await (await via(b, '/')).text(), paper)).toBe(0);
      const voted = await voteVia(a, voters[0]!, paper);
      expect(voted.status).toBe(200);
      await expect
        .poll(async () => upvotesOn(await (await via(b, '/')).text(), paper), { timeout: 1000, interval: 50 })
        .toBe(1);
    });

    it('two workers send the daily digest once; a worker killed mid-send leaves the rest to the other, each message once', async () => {
      // The sink accepts 12 messages, then holds every further one unanswered: both
      // workers are then mid-send, holding leased messages.
      const sink: SmtpSink = await startSmtpSink({ hold: (accepted) => accepted >= 12 });
      try {
        const workerEnv = {
          ...env,
          SMTP_URL: sink.url,
          DIGEST_DAILY_CRON: '* * * * * *',
          DIGEST_DELIVER_CRON: '* * * * * *',
          DIGEST_LEASE_SECONDS: '3',
          DIGEST_CONCURRENCY: '2',
          DIGEST_RETRY_SECONDS: '0',
        };
        workers.push(
          ...(await Promise.all([
            startNode('w1', 'worker', workerEnv),
            startNode('w2', 'worker', workerEnv),
          ])),
        );
        const owners = async () =>
          (
            await db.kysely
              .selectFrom('outbox')
              .select('lease_owner')
              .where('status', '=', 'sending')
              .execute()
          ).map((r) => Number(String(r.lease_owner).split('.')[0]));
        await expect.poll(() => sink.held(), { timeout: 120_000, interval: 100 }).toBeGreaterThan(0);
        await expect
          .poll(async () => (await owners()).some((pid) => workers.some((w) => w.pid === pid)), {
            timeout: 30_000,
          })
          .toBe(true);
        const busy = await owners();
        const victim = workers.find((w) => busy.includes(w.pid))!;
        victim.signal('SIGKILL');
        expect(await victim.exited).toBeNull();
        sink.release();
        await expect
          .poll(
            async () =>
              Number(
                (
                  await db.kysely
                    .selectFrom('outbox')
                    .select((eb) => eb.fn.countAll<number>().as('n'))
                    .where('status', '=', 'sent')
                    .executeTakeFirstOrThrow()
                ).n,
              ),
            { timeout: 120_000, interval: 200 },
          )
          .toBe(SUBSCRIBERS);
        const editions = await db.kysely.selectFrom('editions').select(['kind', 'period']).execute();
        expect(editions).toEqual([{ kind: 'daily', period: day(-1) }]);
        expect(sink.accepted()).toBe(SUBSCRIBERS);
        expect(sink.perRecipient.size).toBe(SUBSCRIBERS);
        expect([...sink.perRecipient.values()].every((n) => n === 1)).toBe(true);
      } finally {
        for (const w of workers) w.signal('SIGKILL');
        await sink.close();
      }
    });

    it('SIGTERM of a web node under load: /readyz turns 503, the proxy moves away, no 5xx, exit 0', async () => {
      const pool = new Pool(proxy.origin, { connections: 16 });
      const statuses = new Map<number, number>();
      let errors = 0;
      const failures: string[] = [];
      let stop = false;
      let afterExit = -1;
      const pages = ['/', `/papers/${today[0]!.arxivId}`, '/papers/trending'];
      const loop = async (k: number) => {
        for (let i = k; !stop; i++) {
          try {
            const res = await pool.request({ path: pages[i % pages.length]!, method: 'GET' });
            const text = await res.body.text();
            if (res.statusCode >= 500)
              failures.push(`${res.statusCode} ${JSON.stringify(res.headers)} ${text.slice(0, 200)}`);
            statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
          } catch {
            errors++;
          }
          if (afterExit >= 0) afterExit++;
        }
      };
      const load = Promise.all(Array.from({ length: 16 }, (_, k) => loop(k)));
      const served = () => [...statuses.values()].reduce((x, y) => x + y, 0);
      await expect.poll(served, { timeout: 60_000 }).toBeGreaterThan(100);
      let exitedEarly = false;
      void a.exited.then(() => {
        exitedEarly = true;
      });
      a.signal('SIGTERM');
      // The proxy takes A out because its /readyz says 503, while A still serves.
      await expect.poll(() => proxy.serverState('a'), { timeout: 10_000, interval: 50 }).toMatch(/DOWN/);
      expect(exitedEarly).toBe(false);
      const exitCode = await a.exited;
      afterExit = 0;
      await expect.poll(() => afterExit, { timeout: 60_000 }).toBeGreaterThan(100);
      stop = true;
      await load;
      await pool.close();
      expect(exitCode).toBe(0);
      expect(errors).toBe(0);
      expect(failures).toEqual([]);
      expect(statuses.get(200)).toBe(served());
    });
  });
else
  describe('a cluster behind HAProxy [postgres]', () => {
    it.skip(`needs PostgreSQL (DATABASE_URL) and HAProxy (${HAS_HAPROXY ? 'found' : 'apt-get install haproxy'})`, () => {});
  });
