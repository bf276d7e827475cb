/**
 * The MCP server over Streamable HTTP at /mcp, driven by the SDK's own client against the
 * real app on a real port: every tool, bad arguments, tokens, rate limits, hidden papers,
 * and text that stays text.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_TOKEN_MESSAGE } from '../../src/mcp/server.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { signedInClient } from '../support/client.ts';
import { forEachDialect } from '../support/db.ts';
import { call, connectClient, httpTransport } from './client.ts';
import { FEED_DATE, HOSTILE_TITLE, mcpPapers, seedMcp } from './seed.ts';

const TOOLS = [
  'comment',
  'daily_papers',
  'get_comments',
  'get_paper',
  'list_library',
  'read_paper',
  'save_to_library',
  'search_papers',
  'similar_papers',
  'upvote',
];

async function listen(t: TestApp): Promise<string> {
  return t.app.listen({ port: 0, host: '127.0.0.1' });
}

/** One JSON-RPC tools/call POSTed by hand, with the headers an SDK client would not send. */
function toolCallByHand(
  url: string,
  id: number,
  name: string,
  args: Record<string, unknown>,
  headers: Record<string, string> = {},
) {
  return fetch(`${url}/mcp`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...headers,
    },
    body: JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } }),
  });
}

forEachDialect('MCP over Streamable HTTP', (dialect) => {
  const papers = mcpPapers();
  const { draft, scale, hostile, hidden, unfeatured } = papers;
  let t: TestApp;
  let url = '';
  let token = '';
  let anon: Client;
  let member: Client;
  beforeAll(async () => {
    t = await createTestApp(dialect, { env: { EMBEDDER: 'off', RATE_LIMIT_VOTE: '3/1m' } });
    token = (await seedMcp(t.deps, papers)).token;
    url = await listen(t);
    anon = await connectClient(httpTransport(url));
    member = await connectClient(httpTransport(url, token));
  });
  afterAll(async () => {
    await anon?.close();
    await member?.close();
    await t.close();
  });

  it('lists every tool with a description and a strict JSON schema', async () => {
    const { tools } = await anon.listTools();
    expect(tools.map((x) => x.name).sort()).toEqual(TOOLS);
    for (const x of tools) {
      expect(x.description!.length, x.name).toBeGreaterThan(60);
      expect(x.inputSchema.type).toBe('object');
      expect((x.inputSchema as { additionalProperties?: boolean }).additionalProperties, x.name).toBe(false);
    }
    const search = tools.find((x) => x.name === 'search_papers')!;
    expect(search.inputSchema.required).toEqual(['query']);
    expect(search.inputSchema.properties!.limit).toMatchObject({ type: 'integer', minimum: 1, maximum: 50 });
    expect(search.description).toContain('author:');
    const daily = tools.find((x) => x.name === 'daily_papers')!;
    expect(Object.keys(daily.inputSchema.properties!).sort()).toEqual(
      ['date', 'limit', 'month', 'organization', 'p', 'sort', 'submitter', 'week'].sort(),
    );
    expect(tools.find((x) => x.name === 'get_paper')!.annotations?.readOnlyHint).toBe(true);
    expect(tools.find((x) => x.name === 'upvote')!.annotations?.readOnlyHint).toBe(false);
  });

  it('search_papers: the query language, limit and paging', async () => {
    const r = await call(anon, 'search_papers', { query: 'speculative decoding', limit: 10 });
    expect(r.isError).toBe(false);
    const ids = r.json.results.map((x: { id: string }) => x.id);
    expect(ids).toEqual(expect.arrayContaining([draft.arxivId, scale.arxivId]));
    expect(r.json.results[0]).toMatchObject({
      url: expect.stringContaining('/papers/'),
      score: expect.any(Number),
    });
    const excluded = await call(anon, 'search_papers', { query: 'speculative decoding -scale' });
    expect(excluded.json.results.map((x: { id: string }) => x.id)).not.toContain(scale.arxivId);
    const one = await call(anon, 'search_papers', { query: 'speculative decoding', limit: 1 });
    expect(one.json.results).toHaveLength(1);
    expect(one.json.more).toBe(true);
    const byId = await call(anon, 'search_papers', { query: draft.arxivId });
    expect(byId.json.results.map((x: { id: string }) => x.id)).toEqual([draft.arxivId]);
  });

  it('daily_papers resolves the same list as /api/daily_papers, without the hidden paper', async () => {
    const r = await call(anon, 'daily_papers', { date: FEED_DATE });
    expect(r.isError).toBe(false);
    const ids = r.json.papers.map((x: { id: string }) => x.id);
    const api = (await t.app.inject(`/api/daily_papers?date=${FEED_DATE}`)).json() as {
      paper: { id: string };
    }[];
    expect(ids).toEqual(api.map((x) => x.paper.id));
    expect(ids).toEqual([draft.arxivId, scale.arxivId, hostile.arxivId]);
    expect(ids).not.toContain(hidden.arxivId);
    expect(r.json.papers[0]).toMatchObject({ featured: { date: FEED_DATE }, upvotes: 5 });
    const paged = await call(anon, 'daily_papers', { date: FEED_DATE, limit: 2, p: 1 });
    expect(paged.json.papers.map((x: { id: string }) => x.id)).toEqual([hostile.arxivId]);
    const trending = await call(anon, 'daily_papers', { sort: 'trending' });
    expect(trending.isError).toBe(false);
    expect(trending.json.papers.map((x: { id: string }) => x.id)).not.toContain(hidden.arxivId);
    const week = await call(anon, 'daily_papers', { week: '2026-W34' });
    expect(week.json.papers).toHaveLength(3);
  });

  it('get_paper and read_paper: metadata, links, summary; the .md page', async () => {
    const r = await call(anon, 'get_paper', { id: `${draft.arxivId}v1` });
    expect(r.isError).toBe(false);
    expect(r.json).toMatchObject({
      id: draft.arxivId,
      title: draft.title,
      abstract: draft.abstract,
      authors: ['Ada Lovelace', 'Alan Turing'],
      featured: { date: FEED_DATE },
      links: {
        page: `http://paperboy.test/papers/${draft.arxivId}`,
        arxiv: `https://arxiv.org/abs/${draft.arxivId}`,
        pdf: expect.stringContaining(draft.arxivId),
        code: 'https://github.com/example/spec-decode',
      },
    });
    const md = await call(anon, 'read_paper', { id: draft.arxivId });
    expect(md.isError).toBe(false);
    expect(md.text).toBe((await t.app.inject(`/papers/${draft.arxivId}.md`)).body);
    expect(md.text).toContain('# Speculative decoding with draft models');
  });

  it('similar_papers and get_comments', async () => {
    const r = await call(anon, 'similar_papers', { id: draft.arxivId, limit: 5 });
    expect(r.isError).toBe(false);
    const ids = r.json.papers.map((x: { id: string }) => x.id);
    expect(ids).toContain(scale.arxivId);
    expect(ids).not.toContain(draft.arxivId);
    expect(ids).not.toContain(hidden.arxivId);
    expect(r.json.by).toBe('words');
    const none = await call(anon, 'get_comments', { id: draft.arxivId });
    expect(none.json).toEqual({ paper: draft.arxivId, comments: [] });
  });

  it('rejects bad arguments with clear tool errors, the API messages where the API has them', async () => {
    const badDate = await call(anon, 'daily_papers', { date: '2026-02-30' });
    expect(badDate.isError).toBe(true);
    expect(badDate.text).toContain('date must be a calendar date written YYYY-MM-DD');
    const two = await call(anon, 'daily_papers', { date: FEED_DATE, week: '2026-W34' });
    expect(two).toMatchObject({ isError: true, text: 'Give at most one of date, week and month.' });
    const limit = await call(anon, 'search_papers', { query: 'x', limit: 500 });
    expect(limit.isError).toBe(true);
    expect(limit.text).toContain('limit must be at most 50');
    const missing = await call(anon, 'search_papers', {});
    expect(missing.isError).toBe(true);
    expect(missing.text).toContain('query');
    const unknown = await call(anon, 'get_paper', { id: draft.arxivId, format: 'pdf' });
    expect(unknown.isError).toBe(true);
    expect(unknown.text).toContain('format');
    for (const id of ['not-a-paper', '1234.56789', '2601.99999']) {
      const r = await call(anon, 'get_paper', { id });
      const api = (await t.app.inject(`/api/papers/${id}`)).json() as { error: string };
      expect(r, id).toEqual({ isError: true, text: api.error, json: undefined });
    }
  });

  it('write tools refuse without a token, and act as the member with one', async () => {
    for (const [name, args] of [
      ['upvote', { id: draft.arxivId }],
      ['comment', { id: draft.arxivId, body: 'hi' }],
      ['save_to_library', { id: draft.arxivId }],
      ['list_library', {}],
    ] as const) {
      expect(await call(anon, name, args), name).toEqual({
        isError: true,
        text: NO_TOKEN_MESSAGE,
        json: undefined,
      });
    }
    expect((await call(anon, 'get_paper', { id: draft.arxivId })).json.upvotes).toBe(5);

    const up = await call(member, 'upvote', { id: draft.arxivId });
    expect(up.json).toEqual({ arxivId: draft.arxivId, upvotes: 6, voted: true });
    expect((await t.app.inject(`/api/papers/${draft.arxivId}`)).json().upvotes).toBe(6);
    const notFeatured = await call(member, 'upvote', { id: unfeatured.arxivId });
    expect(notFeatured.isError).toBe(true);
    expect(notFeatured.text).toContain('is not featured on the daily feed');

    const c = await call(member, 'comment', {
      id: draft.arxivId,
      body: 'Nice **result** <script>x()</script>',
    });
    expect(c.isError).toBe(false);
    const reply = await call(member, 'comment', { id: draft.arxivId, body: 'A reply', parentId: c.json.id });
    expect(reply.isError).toBe(false);
    const thread = await call(anon, 'get_comments', { id: draft.arxivId });
    expect(
      thread.json.comments.map((x: { body: string; parentId: number | null }) => [x.body, x.parentId]),
    ).toEqual([
      ['Nice **result** <script>x()</script>', null],
      ['A reply', c.json.id],
    ]);
    expect(thread.json.comments[0].author.user).toBe('ada');

    const saved = await call(member, 'save_to_library', { id: scale.arxivId });
    expect(saved.json).toEqual({ arxivId: scale.arxivId, saved: true, folderId: null });
    const lib = await call(member, 'list_library');
    expect(lib.json.papers.map((x: { id: string }) => x.id)).toEqual([scale.arxivId]);
    const viaApi = await t.app.inject({
      url: '/api/me/library',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(viaApi.json().map((x: { id: string }) => x.id)).toEqual([scale.arxivId]);
    const folder = (
      await t.app.inject({
        method: 'POST',
        url: '/api/me/folders',
        headers: { authorization: `Bearer ${token}` },
        payload: { name: 'Reading group' },
      })
    ).json() as { id: number };
    const filed = await call(member, 'save_to_library', { id: draft.arxivId, folder: folder.id });
    expect(filed.json).toEqual({ arxivId: draft.arxivId, saved: true, folderId: folder.id });
    const inFolder = await call(member, 'list_library', { folder: folder.id });
    expect(inFolder.json.folders).toEqual([{ id: folder.id, name: 'Reading group', count: 1 }]);
    expect(inFolder.json.papers.map((x: { id: string; folder: number }) => [x.id, x.folder])).toEqual([
      [draft.arxivId, folder.id],
    ]);
    const badFolder = await call(member, 'save_to_library', { id: scale.arxivId, folder: 999 });
    expect(badFolder).toMatchObject({ isError: true, text: 'No such folder in your library.' });
  });

  it('a hidden paper takes no upvote and is never listed', async () => {
    const r = await call(member, 'upvote', { id: hidden.arxivId });
    expect(r.isError).toBe(true);
    expect(r.text).toContain('was hidden from the feed by the moderators');
    const search = await call(anon, 'search_papers', { query: 'speculative featured:yes' });
    expect(search.json.results.map((x: { id: string }) => x.id)).not.toContain(hidden.arxivId);
  });

  it("the use case's vote limit trips, with the API's message", async () => {
    // RATE_LIMIT_VOTE is 3 a minute; the member voted once above (and once was refused).
    const answers = [];
    for (let i = 0; i < 3; i++)
      answers.push(await call(member, 'upvote', { id: scale.arxivId, remove: i % 2 === 1 }));
    const refused = answers.find((a) => a.isError);
    expect(refused?.text).toMatch(/^Too many votes: at most 3 per minute\. Try again in/);
  });

  it('returns text as text: titles, abstracts and comments are never rendered or escaped to HTML', async () => {
    const r = await call(anon, 'get_paper', { id: hostile.arxivId });
    expect(r.json.title).toBe(HOSTILE_TITLE);
    expect(r.json.abstract).toBe(hostile.abstract);
    expect(r.text).not.toContain('&lt;');
    const md = await call(anon, 'read_paper', { id: hostile.arxivId });
    // Markdown-escaped, so a renderer shows the title as text rather than running it.
    expect(md.text).toContain('# \\<script\\>alert("t")\\</script\\> Decoding \\& \\<b\\>drafts\\</b\\>');
    const raw = await toolCallByHand(url, 1, 'get_paper', { id: hostile.arxivId });
    expect(raw.status).toBe(200);
    expect(raw.headers.get('content-type')).toContain('application/json');
    expect(raw.headers.get('cache-control')).toBe('no-store');
  });

  it('ignores session cookies (only a token acts as a member) and answers GET with 405', async () => {
    // A signed-in reader's cookie, sent cross-site with no token: the write tool still refuses.
    const session = await signedInClient(t, 'reader@example.org');
    const viaCookie = await toolCallByHand(
      url,
      7,
      'upvote',
      { id: draft.arxivId },
      { cookie: session.cookieHeader(), 'sec-fetch-site': 'cross-site' },
    );
    expect(viaCookie.status).toBe(200);
    expect(await viaCookie.json()).toMatchObject({
      id: 7,
      result: { isError: true, content: [{ type: 'text', text: NO_TOKEN_MESSAGE }] },
    });
    const get = await fetch(`${url}/mcp`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    const bad = await toolCallByHand(
      url,
      8,
      'get_paper',
      { id: draft.arxivId },
      { authorization: 'Bearer pb_not-a-token' },
    );
    expect(bad.status).toBe(401);
  });
});

describe('MCP over HTTP: the API rate limit counts MCP requests', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite', { env: { EMBEDDER: 'off', API_RATE_LIMIT: '6' } });
  });
  afterAll(() => t.close());

  it('trips with 429 and the API message', async () => {
    const url = await listen(t);
    // initialize and notifications/initialized are two requests.
    const client = await connectClient(httpTransport(url));
    let failure: unknown = null;
    for (let i = 0; i < 10 && !failure; i++) {
      await client.callTool({ name: 'daily_papers', arguments: {} }).catch((err: unknown) => {
        failure = err;
      });
    }
    expect((failure as { code?: number } | null)?.code).toBe(429);
    expect(String(failure)).toContain('Too many requests: 6 per minute');
    await client.close();
  });
});
