/** A real app over a fresh test database, driven with app.inject or a real listener. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../src/config.ts';
import type { DialectName } from '../../src/db/schema.ts';
import { createMailer, type Mailer } from '../../src/digest/mailer.ts';
import type { HttpFetch } from '../../src/ingest/http.ts';
import { fixedClock } from '../../src/shared/clock.ts';
import { silentLogger } from '../../src/shared/log.ts';
import { buildApp } from '../../src/web/app.ts';
import type { WebDeps } from '../../src/web/deps.ts';
import { createTestDb, type TestDb } from './db.ts';

export interface TestApp {
  app: FastifyInstance;
  db: TestDb;
  deps: WebDeps;
  clock: ReturnType<typeof fixedClock>;
  close(): Promise<void>;
}

export async function createTestApp(
  dialect: DialectName,
  opts: { env?: Record<string, string>; now?: string; db?: TestDb; mailer?: Mailer; http?: HttpFetch } = {},
): Promise<TestApp> {
  const db = opts.db ?? (await createTestDb(dialect));
  const clock = fixedClock(opts.now ?? '2026-08-21T12:00:00.000Z');
  const config = loadConfig({
    PAPERBOY_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'paperboy-test-')),
    BASE_URL: 'http://paperboy.test',
    ...opts.env,
  });
  // Without SMTP_URL in env, mail goes to .eml files in this app's own temporary data dir.
  const mailer = opts.mailer ?? createMailer(config, silentLogger);
  // No network in tests: anything reaching for arXiv must be given a replay (test/support/http.ts).
  const http: HttpFetch =
    opts.http ??
    (async (url) => {
      throw new Error(`test tried to reach the network: ${url}`);
    });
  const deps: WebDeps = { config, db, clock, log: silentLogger, mailer, http };
  const app = await buildApp(deps);
  await app.ready();
  return {
    app,
    db,
    deps,
    clock,
    async close() {
      await app.close();
      await mailer.close();
      await db.close();
    },
  };
}
