/**
 * Real Chromium (playwright-core) and a real server process, for browser tests.
 * Each browser gets a fresh profile; each server its own port and data dir.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { type BrowserContext, chromium } from 'playwright-core';
import type { Db } from '../../src/db/connect.ts';
import { createTestDb } from './db.ts';
import { CHROMIUM_PATH } from './env.ts';
import { spawnPaperboy } from './paperboy-process.ts';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'paperboy-chromium-'));
  // playwright passes the profile as --user-data-dir itself (it refuses it in args).
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: FLAGS,
  });
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/** Runs `paperboy serve` as a child process (the real entry point) and waits for /healthz. */
export async function startServer(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const { child, output, exited } = spawnPaperboy(['serve'], {
    PORT: String(port),
    HOST: '127.0.0.1',
    BASE_URL: url,
    LOG_LEVEL: 'warn',
    ...env,
  });
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  };
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output()}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (attempt > 600) {
      await stop();
      throw new Error(`server did not answer /healthz:\n${output()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, output, stop };
}

/** The sign-in link of the newest email to `to` in a server's `.eml` outbox (no SMTP configured). */
export async function linkFromOutbox(dataDir: string, to: string): Promise<string> {
  const dir = path.join(dataDir, 'outbox');
  for (const f of fs.existsSync(dir) ? fs.readdirSync(dir).sort().reverse() : []) {
    if (!f.endsWith('.eml')) continue;
    const mail = await simpleParser(fs.readFileSync(path.join(dir, f)));
    const rcpt = Array.isArray(mail.to) ? mail.to[0]?.text : mail.to?.text;
    const m = /https?:\/\/\S+\/login\/verify\?token=[A-Za-z0-9_-]+/.exec(mail.text ?? '');
    if (rcpt === to && m) return m[0];
  }
  throw new Error(`no sign-in email to ${to}`);
}

/** A real server on a fresh SQLite instance, and Chromium to browse it. */
export interface Site {
  dataDir: string;
  server: ServerProcess;
  browser: Browser;
}

/** Seeds a fresh SQLite instance with `seed`, then starts a server on it and a browser. */
export async function startSite(
  name: string,
  seed: (db: Db, dataDir: string) => Promise<void>,
): Promise<Site> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `paperboy-e2e-${name}-`));
  const db = await createTestDb('sqlite', { sqlitePath: path.join(dataDir, 'paperboy.db') });
  try {
    await seed(db, dataDir);
  } finally {
    await db.close();
  }
  const server = await startServer({ PAPERBOY_DATA_DIR: dataDir, PAPERBOY_DEMO: '0' });
  return { dataDir, server, browser: await launchBrowser() };
}

/** Stops what startSite started (whatever part of it did start) and removes its files. */
export async function stopSite(site: Partial<Site>): Promise<void> {
  await site.browser?.close();
  await site.server?.stop();
  if (site.dataDir) fs.rmSync(site.dataDir, { recursive: true, force: true });
}
