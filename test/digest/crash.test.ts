/**
 * Exactly one copy per recipient when the sender dies mid-send, and when two senders run
 * at once. The senders are real `paperboy digest send` processes; the SMTP sink counts
 * what it accepted per recipient.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DialectName } from '../../src/db/schema.ts';
import { importHfDaily } from '../../src/ingest/ingest.ts';
import { fixedClock } from '../../src/shared/clock.ts';
import { createTestDb, dialects, type TestDb } from '../support/db.ts';
import { HAS_PG } from '../support/env.ts';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.ts';
import { FIXTURES, insertActiveSubscribers } from './helpers.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const RECIPIENTS = 2000;
// Two real processes send 2,000 messages; on a loaded CI machine that takes a while.
const TIMEOUT = 240_000;

interface Setup {
  db: TestDb;
  env: Record<string, string>;
}

async function setup(dialect: DialectName): Promise<Setup> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'paperboy-crash-'));
  const db = await createTestDb(
    dialect,
    dialect === 'sqlite' ? { sqlitePath: path.join(dataDir, 'paperboy.db') } : {},
  );
  await importHfDaily({ db, clock: fixedClock('2026-08-24T07:00:00Z') }, FIXTURES);
  const now = '2026-08-24T06:00:00.000Z';
  await insertActiveSubscribers(db, RECIPIENTS, now);
  const env: Record<string, string> = {
    PAPERBOY_DATA_DIR: dataDir,
    PAPERBOY_SECRET: 'crash-test-secret-crash-test-secret-0123456789',
    PAPERBOY_DEMO: '0',
    BASE_URL: 'https://papers.example',
    LOG_LEVEL: 'warn',
    // Short, so the restarted sender need not wait long for the killed one's leases; each
    // send renews its lease first, so one message must outlive it to be sent twice.
    DIGEST_LEASE_SECONDS: '5',
    DIGEST_RETRY_SECONDS: '0',
  };
  if (db.url) env.DATABASE_URL = db.url;
  return { db, env };
}

interface Sender {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

function startSender(env: Record<string, string>, smtpUrl: string): Sender {
  const childEnv: Record<string, string | undefined> = { ...process.env, ...env, SMTP_URL: smtpUrl };
  if (!env.DATABASE_URL) delete childEnv.DATABASE_URL;
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/main.ts',
      'digest',
      'send',
      '--edition',
      'daily',
      '--date',
      '2026-08-21',
      '--wait',
      '60',
    ],
    { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

async function sentCount(db: TestDb): Promise<number> {
  const r = await db.kysely
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'sent')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

async function until(cond: () => Promise<boolean> | boolean, what: string, proc?: Sender) {
  for (;;) {
    if (await cond()) return;
    if (proc && proc.child.exitCode !== null)
      throw new Error(`sender exited while waiting for ${what}:\n${proc.output()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function expectExactlyOnce(sink: SmtpSink) {
  const counts = [...sink.perRecipient.values()];
  expect(sink.perRecipient.size).toBe(RECIPIENTS);
  expect(counts.filter((c) => c !== 1)).toEqual([]);
  expect(sink.accepted()).toBe(RECIPIENTS);
}

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

describe.each(dialects)('digest sender crash safety [%s]', (dialect) => {
  it(
    `SIGKILL halfway through ${RECIPIENTS} recipients, restart: every recipient has exactly one copy`,
    async () => {
      const { db, env } = await setup(dialect);
      cleanup.push(() => db.close());
      // The sink acknowledges the first half, then leaves messages unanswered: the sender
      // is killed with messages in flight, as a crash would find it.
      const sink = await startSmtpSink({ hold: (accepted) => accepted >= RECIPIENTS / 2 });
      cleanup.push(() => sink.close());

      const first = startSender(env, sink.url);
      await until(() => sink.held() > 0, 'messages in flight', first);
      // Everything the server acknowledged is recorded before the kill (see docs/EMAIL.md
      // for the one window SMTP leaves open: between a 250 and its UPDATE).
      await until(
        async () => (await sentCount(db)) === sink.accepted(),
        'acknowledged messages recorded',
        first,
      );
      first.child.kill('SIGKILL');
      await first.exited;
      sink.release();
      expect(sink.accepted()).toBe(RECIPIENTS / 2);

      const second = startSender(env, sink.url);
      const code = await second.exited;
      expect(code, second.output()).toBe(0);
      expect(second.output()).toContain('already queued earlier: resuming');
      expectExactlyOnce(sink);
      expect(await sentCount(db)).toBe(RECIPIENTS);
    },
    TIMEOUT,
  );
});

describe.skipIf(!HAS_PG)('two senders at once on PostgreSQL', () => {
  it(
    `deliver ${RECIPIENTS} messages with exactly one copy each`,
    async () => {
      const { db, env } = await setup('postgres');
      cleanup.push(() => db.close());
      const sink = await startSmtpSink();
      cleanup.push(() => sink.close());

      const a = startSender(env, sink.url);
      const b = startSender(env, sink.url);
      const [ca, cb] = await Promise.all([a.exited, b.exited]);
      expect(ca, a.output()).toBe(0);
      expect(cb, b.output()).toBe(0);
      expectExactlyOnce(sink);
      // Between them the two processes recorded each message once.
      const sentBy = (s: Sender) => Number(/sent (\d+)/.exec(s.output())?.[1] ?? 0);
      expect(sentBy(a) + sentBy(b)).toBe(RECIPIENTS);
      expect(await sentCount(db)).toBe(RECIPIENTS);
    },
    TIMEOUT,
  );
});
