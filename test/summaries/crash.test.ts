/**
 * A `paperboy summarize` process killed (SIGKILL) mid-batch, then a re-run: every paper is
 * summarised exactly once. The papers finished before the kill are never asked about
 * again; the one in flight is taken again when its lease ends. On both databases.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { fixedClock } from '../../src/shared/clock.ts';
import { MAX_WAIT_MS } from '../../src/summaries/client.ts';
import { summarisePapers } from '../../src/summaries/summarize.ts';
import { createTestDb, forEachDialect, type TestDb } from '../support/db.ts';
import { makePaper } from '../support/factories.ts';
import { type FakeLlm, goodSummary, startFakeLlm } from '../support/fake-llm.ts';
import { runPaperboy, storeFeatured } from './helpers.ts';

const PAPERS = 8;
const TIMEOUT_MS = 5000;
// A real child process on a loaded machine: tsx compiles the program first.
const TEST_TIMEOUT = 180_000;

forEachDialect('summaries: crash mid-batch', (dialect) => {
  let db: TestDb | undefined;
  let llm: FakeLlm | undefined;
  let dataDir = '';
  afterEach(async () => {
    await llm?.close();
    await db?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    'a killed run and a re-run summarise every paper exactly once',
    async () => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'paperboy-summaries-'));
      db = await createTestDb(
        dialect,
        dialect === 'sqlite' ? { sqlitePath: path.join(dataDir, 'paperboy.db') } : {},
      );
      const papers = Array.from({ length: PAPERS }, (_, k) =>
        makePaper({
          title: `Paper P${k + 1} on crashes`,
          publishedAt: `2026-08-${String(k + 1).padStart(2, '0')}T10:00:00.000Z`,
        }),
      );
      await storeFeatured(db, papers);

      // Three answers, then the fourth request hangs: the process is killed while waiting for it.
      let fourthArrived: () => void = () => {};
      const fourth = new Promise<void>((r) => {
        fourthArrived = r;
      });
      llm = await startFakeLlm((q) => {
        if (q.n < 4) return goodSummary(q.title);
        fourthArrived();
        return 'hang';
      });
      const { child, output, exited } = runPaperboy(['summarize'], {
        dataDir,
        databaseUrl: db.url,
        env: {
          SUMMARIZER: 'openai',
          SUMMARIZER_URL: llm.url,
          SUMMARIZER_MODEL: 'test-model',
          SUMMARIZER_CONCURRENCY: '1',
          SUMMARIZER_TIMEOUT_MS: String(TIMEOUT_MS),
          LOG_LEVEL: 'warn',
        },
      });
      const died = exited.then(() => {
        throw new Error(`summarize exited before the fourth request:\n${output()}`);
      });
      await Promise.race([fourth, died]);
      died.catch(() => {}); // the kill below ends it too
      child.kill('SIGKILL');
      await exited;

      const summarised = async () =>
        (
          await db!.kysely
            .selectFrom('papers')
            .select('title')
            .where('ai_summary', 'is not', null)
            .orderBy('title')
            .execute()
        ).map((r) => r.title);
      const beforeKill = await summarised();
      expect(beforeKill).toEqual(['Paper P6 on crashes', 'Paper P7 on crashes', 'Paper P8 on crashes']);
      const inFlight = llm.requests[3]!.title;

      // A re-run at once takes every paper but the one the dead run still holds...
      llm.respond = (q) => goodSummary(q.title);
      const settings = {
        endpoint: { url: llm.url, model: 'test-model', timeoutMs: TIMEOUT_MS },
        scope: 'featured' as const,
        concurrency: 2,
        budget: { requests: 0, tokens: 0 },
        timezone: 'UTC',
      };
      const now = Date.now();
      const first = await summarisePapers({ db, clock: fixedClock(new Date(now)), settings });
      expect(first).toEqual({ summarised: PAPERS - 4, rejected: 0, stopped: null });
      expect(await summarised()).not.toContain(inFlight);
      // ...and that one once its lease has ended.
      const leaseMs = (TIMEOUT_MS + MAX_WAIT_MS) * 4;
      const second = await summarisePapers({
        db,
        clock: fixedClock(new Date(now + leaseMs + 1000)),
        settings,
      });
      expect(second).toEqual({ summarised: 1, rejected: 0, stopped: null });

      expect(await summarised()).toHaveLength(PAPERS);
      // Every paper answered exactly once; only the killed request was ever sent twice.
      expect([...llm.answered].sort()).toEqual(papers.map((p) => p.title).sort());
      expect(llm.requests).toHaveLength(PAPERS + 1);
      expect(llm.requests.filter((q) => q.title === inFlight)).toHaveLength(2);
      for (const t of beforeKill) expect(llm.requests.filter((q) => q.title === t)).toHaveLength(1);
    },
    TEST_TIMEOUT,
  );
});
