/**
 * Compose and deliver N daily editions (default 10,000) to a local SMTP sink through the
 * real sender: outbox claims and leases, composition, pooled SMTP, one UPDATE per message.
 * Prints JSON: messages/s, peak RSS, and a baseline (raw nodemailer sends of one fixed
 * message over the same pool, no database, no composition) measured in the same run.
 *
 *   npm run bench:digest                 # SQLite, 10,000 recipients
 *   BENCH_N=2000 DATABASE_URL=postgres://… npm run bench:digest
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/open.ts';
import { createMailer } from '../src/digest/mailer.ts';
import { sendEdition } from '../src/digest/send-edition.ts';
import { importHfDaily } from '../src/ingest/ingest.ts';
import { systemClock } from '../src/shared/clock.ts';
import { silentLogger } from '../src/shared/log.ts';
import { startSmtpSink } from '../test/support/smtp-sink.ts';

const N = Number(process.env.BENCH_N ?? 10_000);
const FIXTURES = path.resolve(import.meta.dirname, '../test/fixtures/hf-daily');

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 100);

async function main() {
  const sink = await startSmtpSink();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'paperboy-bench-digest-'));
  const config = loadConfig({
    PAPERBOY_DATA_DIR: dataDir,
    DATABASE_URL: process.env.DATABASE_URL,
    SMTP_URL: sink.url,
    BASE_URL: 'https://papers.example',
    PAPERBOY_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
    LOG_LEVEL: 'silent',
  });
  const db = await openDatabase(config);
  const deps = {
    config,
    db,
    clock: systemClock,
    log: silentLogger,
    mailer: createMailer(config, silentLogger),
  };
  await importHfDaily(deps, FIXTURES);
  const now = new Date().toISOString();
  // A fresh PostgreSQL database per run is the caller's business; make the addresses unique per run.
  const tag = Date.now().toString(36);
  for (let i = 0; i < N; i += 500) {
    await db.kysely
      .insertInto('subscriptions')
      .values(
        Array.from({ length: Math.min(500, N - i) }, (_, j) => ({
          email: `reader${i + j}.${tag}@example.org`,
          kind: 'daily',
          query: '',
          categories: '',
          // Every tenth reader narrows by keyword, so composition is not one cached body.
          keywords: (i + j) % 10 === 0 ? ['agent', 'video', 'reasoning', 'diffusion'][(i + j) % 4]! : '',
          status: 'active',
          user_id: null,
          created_at: now,
          confirmed_at: now,
        })),
      )
      .execute();
  }
  await db.kysely.deleteFrom('editions').where('key', '=', 'daily:2026-08-21').execute();

  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const { queue, delivery } = await sendEdition(deps, { kind: 'daily', date: '2026-08-21' });
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  if (!delivery || delivery.sent + delivery.skipped !== N || sink.accepted() !== delivery.sent)
    throw new Error(`incomplete run: ${JSON.stringify({ queue, delivery, accepted: sink.accepted() })}`);
  await deps.mailer.close();

  // Baseline: the same pool size, one pre-built message, no database and no composition.
  const transport = nodemailer.createTransport({
    url: sink.url,
    pool: true,
    maxConnections: 5,
    maxMessages: 500,
  });
  const sample = {
    from: 'a@papers.example',
    to: 'b@example.org',
    subject: 'x',
    text: 'x'.repeat(4000),
    html: `<p>${'x'.repeat(12000)}</p>`,
  };
  const baseN = Math.min(N, 3000);
  const b0 = performance.now();
  const bcpu0 = process.cpuUsage();
  let next = 0;
  await Promise.all(
    Array.from({ length: 5 }, async () => {
      while (next++ < baseN) await transport.sendMail(sample);
    }),
  );
  const baseSeconds = (performance.now() - b0) / 1000;
  const bcpu = process.cpuUsage(bcpu0);
  transport.close();

  clearInterval(sampler);
  console.log(
    JSON.stringify(
      {
        bench: 'digest',
        database: db.dialect,
        recipients: N,
        sent: delivery.sent,
        skipped_no_match: delivery.skipped,
        papers_in_edition: queue.papers,
        seconds: Number(seconds.toFixed(2)),
        messages_per_second: Math.round(delivery.sent / seconds),
        // CPU per message (sender and the in-process sink together): steadier than wall
        // time on a shared machine.
        cpu_ms_per_message: Number(((cpu.user + cpu.system) / 1000 / delivery.sent).toFixed(2)),
        baseline_cpu_ms_per_message: Number(((bcpu.user + bcpu.system) / 1000 / baseN).toFixed(2)),
        peak_rss_mb: Math.round(peakRss / 1048576),
        rss_before_send_mb: Math.round(rssBefore / 1048576),
        baseline_raw_nodemailer_messages_per_second: Math.round(baseN / baseSeconds),
        ratio_to_baseline: Number((delivery.sent / seconds / (baseN / baseSeconds)).toFixed(2)),
      },
      null,
      2,
    ),
  );
  await db.close();
  await sink.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
