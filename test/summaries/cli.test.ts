/** `paperboy summarize` as a user runs it: the final count, the budget message, a clear error when off. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../support/db.ts';
import { makePaper } from '../support/factories.ts';
import { type FakeLlm, startFakeLlm } from '../support/fake-llm.ts';
import { runPaperboy, storeFeatured } from './helpers.ts';

// Three real processes on a loaded machine: tsx compiles the program each time.
const TIMEOUT = 240_000;

describe('paperboy summarize', () => {
  let dataDir: string;
  let db: TestDb;
  let llm: FakeLlm;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'paperboy-summarize-cli-'));
    db = await createTestDb('sqlite', { sqlitePath: path.join(dataDir, 'paperboy.db') });
    await storeFeatured(
      db,
      [1, 2, 3, 4].map((i) => makePaper({ title: `Paper P${i} for the command line` })),
    );
    llm = await startFakeLlm();
  });
  afterAll(async () => {
    await llm.close();
    await db.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function summarize(args: string[], env: Record<string, string>) {
    const run = runPaperboy(['summarize', ...args], {
      dataDir,
      env: { SUMMARIZER: 'openai', SUMMARIZER_URL: llm.url, SUMMARIZER_MODEL: 'cli-model', ...env },
    });
    return { code: await run.exited, out: run.output() };
  }

  it(
    'prints the count, stops with a message when the budget is spent, and explains when it is off',
    async () => {
      const budget = { SUMMARIZER_DAILY_REQUESTS: '3' };
      const first = await summarize(['--limit', '2'], budget);
      expect(first).toEqual({
        code: 0,
        out: 'summarised 2 papers with cli-model; 0 replies rejected (retried later)\n',
      });
      const second = await summarize([], budget);
      expect(second.code).toBe(0);
      expect(second.out).toBe(
        'summarised 1 papers with cli-model; 0 replies rejected (retried later)\n' +
          'stopped: the daily budget is spent; the next day continues\n',
      );
      expect(llm.answered).toHaveLength(3);

      const disabled = await summarize([], { SUMMARIZER: 'off' });
      expect(disabled.code).toBe(1);
      expect(disabled.out).toContain('SUMMARIZER=off: set SUMMARIZER=openai');
    },
    TIMEOUT,
  );
});
