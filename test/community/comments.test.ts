import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderCommentMarkdown } from '../../src/community/markdown.ts';
import { importBatch } from '../../src/papers/papers.repo.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { signedInClient } from '../support/client.ts';
import { forEachDialect } from '../support/db.ts';
import { makePaper } from '../support/factories.ts';

const commentCount = async (t: TestApp, arxivId: string) =>
  (
    await t.db.kysely
      .selectFrom('papers')
      .select('comment_count')
      .where('arxiv_id', '=', arxivId)
      .executeTakeFirstOrThrow()
  ).comment_count;

const idFrom = (location: string | undefined) => Number(/#comment-(\d+)/.exec(location ?? '')?.[1]);

describe('comment markdown', () => {
  it.each([
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)&gt;'],
    ['[x](javascript:alert(1))', '[x](javascript:alert(1))'],
    // Images are off (they would let a commenter track readers): the URL stays a plain link.
    [
      '![t](https://tracker.example/p.gif)',
      '!<a href="https://tracker.example/p.gif" rel="nofollow ugc noopener">',
    ],
    [
      'see https://arxiv.org/abs/2504.01234',
      '<a href="https://arxiv.org/abs/2504.01234" rel="nofollow ugc noopener">',
    ],
    ['**bold** and `code`', '<strong>bold</strong> and <code>code</code>'],
    ['# Big', '<h3>Big</h3>'],
  ])('%s', (src, expected) => {
    const html = renderCommentMarkdown(src);
    expect(html).toContain(expected);
    expect(html).not.toMatch(/<script|<img|href="javascript:/i);
  });
});

forEachDialect('comments', (dialect) => {
  let t: TestApp;
  const paper = makePaper();
  beforeAll(async () => {
    t = await createTestApp(dialect);
    await importBatch(t.db, [paper], [], { source: 'test', now: t.clock.now() });
  });
  afterAll(async () => t.close());

  it('posts, threads replies, counts visible comments and shows injection as text', async () => {
    const ada = await signedInClient(t, 'ada@example.org');
    const bob = await signedInClient(t, 'bob@example.org');
    const top = await ada.post('/comments', {
      paper: paper.arxivId,
      body: 'Nice <script>alert("x")</script> **work**',
    });
    expect(top.statusCode).toBe(303);
    const topId = idFrom(top.headers.location);
    const reply = await bob.post('/comments', {
      paper: paper.arxivId,
      body: 'Agreed',
      parent: String(topId),
    });
    const replyId = idFrom(reply.headers.location);
    expect(await commentCount(t, paper.arxivId)).toBe(2);
    const page = await bob.get(`/papers/${paper.arxivId}`);
    expect(page.body).toContain('2 comments');
    expect(page.body).toMatch(/&lt;script&gt;alert\((&quot;|")x(&quot;|")\)&lt;\/script&gt;/);
    expect(page.body).not.toContain('<script>alert');
    expect(page.body).toMatch(
      new RegExp(`id="comment-${topId}".*class="comment-list replies".*id="comment-${replyId}"`, 's'),
    );
  });

  it('edits within 15 minutes only; delete leaves a tombstone only when there are replies', async () => {
    const ada = await signedInClient(t, 'ada@example.org');
    const bob = await signedInClient(t, 'bob@example.org');
    const c1 = idFrom(
      (await ada.post('/comments', { paper: paper.arxivId, body: 'first draft' })).headers.location,
    );
    expect((await bob.post(`/comments/${c1}/edit`, { body: 'hijack' })).statusCode).toBe(403);
    expect((await ada.post(`/comments/${c1}/edit`, { body: 'second draft' })).statusCode).toBe(303);
    t.clock.advance(16 * 60_000);
    const late = await ada.post(
      `/comments/${c1}/edit`,
      { body: 'third draft' },
      { accept: 'application/json' },
    );
    expect(late.statusCode).toBe(403);
    expect(late.json().error).toContain('15 minutes');
    let page = await ada.get(`/papers/${paper.arxivId}`);
    expect(page.body).toContain('second draft');
    expect(page.body).toContain('(edited)');

    const before = await commentCount(t, paper.arxivId);
    await bob.post('/comments', { paper: paper.arxivId, body: 'a reply', parent: String(c1) });
    expect((await ada.post(`/comments/${c1}/delete`)).statusCode).toBe(303);
    expect(await commentCount(t, paper.arxivId)).toBe(before); // -1 deleted, +1 reply
    page = await ada.get(`/papers/${paper.arxivId}`);
    expect(page.body).toContain('[deleted by its author]');
    expect(page.body).not.toContain('second draft');

    const lone = idFrom(
      (await ada.post('/comments', { paper: paper.arxivId, body: 'lonely' })).headers.location,
    );
    await ada.post(`/comments/${lone}/delete`);
    const rows = await t.db.kysely.selectFrom('comments').select('id').where('id', '=', lone).execute();
    expect(rows).toHaveLength(0);
  });

  it('refuses empty and oversized comments with the reason', async () => {
    const ada = await signedInClient(t, 'ada@example.org');
    const empty = await ada.post(
      '/comments',
      { paper: paper.arxivId, body: '   ' },
      { accept: 'application/json' },
    );
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error).toContain('cannot be empty');
    const huge = await ada.post(
      '/comments',
      { paper: paper.arxivId, body: 'x'.repeat(10_001) },
      { accept: 'application/json' },
    );
    expect(huge.json().error).toContain('at most 10,000 characters');
  });
});

describe('comment rate limit', () => {
  it('trips and recovers', async () => {
    const t = await createTestApp('sqlite', { env: { RATE_LIMIT_COMMENT: '2/1m' } });
    const p = makePaper();
    await importBatch(t.db, [p], [], { source: 'test', now: t.clock.now() });
    const c = await signedInClient(t, 'chatty@example.org');
    expect((await c.post('/comments', { paper: p.arxivId, body: 'one' })).statusCode).toBe(303);
    expect((await c.post('/comments', { paper: p.arxivId, body: 'two' })).statusCode).toBe(303);
    const third = await c.post('/comments', { paper: p.arxivId, body: 'three' });
    expect(third.statusCode).toBe(429);
    expect(third.headers['retry-after']).toBe('60');
    t.clock.advance(60_000);
    expect((await c.post('/comments', { paper: p.arxivId, body: 'three' })).statusCode).toBe(303);
    await t.close();
  });
});
