/**
 * `paperboy mcp`: the real entry point spawned as a child process on a seeded SQLite file,
 * driven over stdio by the SDK's client, as a desktop assistant would.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_TOKEN_MESSAGE } from '../../src/mcp/server.ts';
import { fixedClock } from '../../src/shared/clock.ts';
import { createTestDb } from '../support/db.ts';
import { call, connectClient } from './client.ts';
import { FEED_DATE, mcpPapers, seedMcp } from './seed.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
// Starting the program through tsx takes seconds on a busy machine.
const START_MS = 120_000;

describe('MCP over stdio (paperboy mcp)', () => {
  const papers = mcpPapers();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'paperboy-mcp-'));
  let token = '';

  beforeAll(async () => {
    const db = await createTestDb('sqlite', { sqlitePath: path.join(dataDir, 'paperboy.db') });
    token = (await seedMcp({ db, clock: fixedClock('2026-08-21T12:00:00.000Z') }, papers)).token;
    await db.close();
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  function spawnMcp(extra: Record<string, string> = {}, args: string[] = []) {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
    // The server under test reads this database only, never the test runner's.
    delete env.DATABASE_URL;
    delete env.PAPERBOY_TOKEN;
    Object.assign(env, {
      PAPERBOY_DATA_DIR: dataDir,
      BASE_URL: 'http://paperboy.test',
      EMBEDDER: 'off',
      LOG_LEVEL: 'warn',
      ...extra,
    });
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: ['--import', 'tsx', 'src/main.ts', 'mcp', ...args],
      cwd: ROOT,
      env,
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (d) => {
      stderr += d;
    });
    return { transport, stderr: () => stderr };
  }

  it(
    'serves every tool; write tools act as the PAPERBOY_TOKEN member',
    async () => {
      const { transport } = spawnMcp({ PAPERBOY_TOKEN: token });
      const client = await connectClient(transport);
      try {
        const { tools } = await client.listTools();
        expect(tools).toHaveLength(10);
        const search = await call(client, 'search_papers', { query: 'speculative decoding' });
        expect(search.json.results.map((x: { id: string }) => x.id)).toContain(papers.draft.arxivId);
        const daily = await call(client, 'daily_papers', { date: FEED_DATE });
        expect(daily.json.papers.map((x: { id: string }) => x.id)).toEqual([
          papers.draft.arxivId,
          papers.scale.arxivId,
          papers.hostile.arxivId,
        ]);
        const paper = await call(client, 'get_paper', { id: papers.draft.arxivId });
        expect(paper.json).toMatchObject({ title: papers.draft.title, upvotes: 5 });
        const md = await call(client, 'read_paper', { id: papers.draft.arxivId });
        expect(md.text).toContain('## Abstract');
        const similar = await call(client, 'similar_papers', { id: papers.draft.arxivId });
        expect(similar.json.papers.map((x: { id: string }) => x.id)).not.toContain(papers.hidden.arxivId);
        const bad = await call(client, 'get_paper', { id: 'not-a-paper' });
        expect(bad.isError).toBe(true);
        expect(bad.text).toContain('is not an arXiv id');

        const up = await call(client, 'upvote', { id: papers.draft.arxivId });
        expect(up.json).toEqual({ arxivId: papers.draft.arxivId, upvotes: 6, voted: true });
        const c = await call(client, 'comment', { id: papers.draft.arxivId, body: 'From the desktop' });
        expect(c.isError).toBe(false);
        const comments = await call(client, 'get_comments', { id: papers.draft.arxivId });
        expect(comments.json.comments.map((x: { body: string }) => x.body)).toEqual(['From the desktop']);
        expect((await call(client, 'save_to_library', { id: papers.scale.arxivId })).isError).toBe(false);
        const lib = await call(client, 'list_library', { folder: 'unfiled' });
        expect(lib.json.papers.map((x: { id: string }) => x.id)).toEqual([papers.scale.arxivId]);
      } finally {
        await client.close();
      }
    },
    START_MS,
  );

  it(
    'without a token, reads work and write tools say how to get one',
    async () => {
      const client = await connectClient(spawnMcp().transport);
      try {
        expect((await call(client, 'get_paper', { id: papers.draft.arxivId })).json.upvotes).toBe(6);
        expect(await call(client, 'upvote', { id: papers.draft.arxivId })).toEqual({
          isError: true,
          text: NO_TOKEN_MESSAGE,
          json: undefined,
        });
      } finally {
        await client.close();
      }
    },
    START_MS,
  );

  it(
    'refuses to start with a token that does not authenticate',
    async () => {
      const child = spawnMcp({}, ['--token', 'pb_wrong']);
      await expect(connectClient(child.transport)).rejects.toThrow();
      expect(child.stderr()).toContain('Invalid or revoked API token');
    },
    START_MS,
  );
});
