/**
 * A SQLite instance as a community leaves it: the bundled demo plus members who signed
 * in, submitted, voted, commented, flagged, were moderated, made an API token, followed,
 * saved and marked papers, a pending and a confirmed digest subscription with an edition
 * queued in the outbox, a queued job and stored vectors. Everything goes through the
 * app's own routes and use cases, so every table is written the way production writes it.
 */
import { queueEdition } from '../../src/digest/send-edition.ts';
import { loadDemoIfEmpty } from '../../src/ingest/demo.ts';
import { enqueue } from '../../src/jobs/queue.ts';
import { importBatch } from '../../src/papers/papers.repo.ts';
import { storeEmbeddings } from '../../src/search/vectors.repo.ts';
import { activeSubscriber } from '../digest/helpers.ts';
import { createTestApp, type TestApp } from './app.ts';
import { sameSiteForm, signedInClient } from './client.ts';
import { createTestDb } from './db.ts';
import { makePaper } from './factories.ts';

export const NOW = '2026-08-21T12:00:00.000Z';

export interface CommunityInstance {
  t: TestApp;
  /** A featured demo paper with votes, a thread and a moderated comment. */
  discussed: string;
  /** The paper a member submitted. */
  submitted: string;
  /** Handle of the most active member. */
  handle: string;
}

function expectStatus(res: { statusCode: number; body: string }, ok: number[], what: string) {
  if (!ok.includes(res.statusCode)) throw new Error(`${what}: ${res.statusCode} ${res.body.slice(0, 300)}`);
}

/** Builds the instance in a SQLite file at `sqlitePath`; the returned app serves it. */
export async function communityInstance(sqlitePath: string): Promise<CommunityInstance> {
  const db = await createTestDb('sqlite', { sqlitePath });
  const t = await createTestApp('sqlite', { db, now: NOW });
  const demo = await loadDemoIfEmpty(t.deps);
  if (!demo) throw new Error('the demo did not load');

  const fresh = makePaper({ title: 'A paper a member brings', publishedAt: '2026-08-20T10:00:00.000Z' });
  await importBatch(db, [fresh], [], { source: 'test', now: t.clock.now() });

  const alice = await signedInClient(t, 'alice@example.org');
  const bob = await signedInClient(t, 'bob@example.org');
  const admin = await signedInClient(t, 'admin@example.org', { admin: true });
  const day = await t.app.inject({ method: 'GET', url: '/api/daily_papers?date=2026-08-21' });
  const ids = (JSON.parse(day.body) as { paper: { id: string } }[]).map((e) => e.paper.id);
  const discussed = ids[0]!;

  expectStatus(await alice.post('/submit', { paper: fresh.arxivId, note: 'Worth a read' }), [303], 'submit');
  for (const [c, papers] of [
    [alice, [discussed, fresh.arxivId, ids[1]!, ids[2]!]],
    [bob, [discussed, ids[1]!]],
    [admin, [discussed]],
  ] as const)
    for (const paper of papers) expectStatus(await c.post('/votes', { paper, action: 'up' }), [303], 'vote');
  expectStatus(await bob.post('/votes', { paper: ids[1]!, action: 'down' }), [303], 'unvote');

  const comment = await alice.post('/comments', { paper: discussed, body: 'Does **this** hold at $n=1$?' });
  expectStatus(comment, [303], 'comment');
  const parent = /#comment-(\d+)/.exec(comment.headers.location as string)![1]!;
  expectStatus(await bob.post('/comments', { paper: discussed, body: 'Yes.', parent }), [303], 'reply');
  const rude = await bob.post('/comments', { paper: discussed, body: 'Spam spam spam' });
  const rudeId = /#comment-(\d+)/.exec(rude.headers.location as string)![1]!;
  expectStatus(await alice.post(`/comments/${rudeId}/flag`, { reason: 'spam' }), [303], 'flag');
  expectStatus(await admin.post(`/admin/comments/${rudeId}/remove`, { reason: 'spam' }), [303], 'remove');

  expectStatus(await alice.post('/settings/tokens', { name: 'reading-group bot' }), [200], 'token');
  expectStatus(await alice.post('/inbox/follow', { kind: 'category', value: 'cs.CL' }), [303], 'follow');
  expectStatus(await alice.post('/inbox/follow', { kind: 'author', value: 'Ada Lovelace' }), [303], 'follow');
  expectStatus(
    await alice.post('/inbox/save', { paper: discussed, newFolder: 'Reading group' }),
    [303],
    'save',
  );
  expectStatus(await alice.post('/inbox/save', { paper: ids[3]! }), [303], 'save');
  expectStatus(await alice.post('/inbox/mark', { paper: ids[4]!, mark: 'read' }), [303], 'mark');

  const pending = await t.app.inject({
    method: 'POST',
    url: '/digest/subscribe',
    ...sameSiteForm({ email: 'carol@example.org', kind: 'weekly' }),
  });
  expectStatus(pending, [200, 303], 'subscribe');
  await activeSubscriber(t.deps, 'dave@example.org', 'daily');
  const edition = await queueEdition(t.deps, { kind: 'daily', date: '2026-08-21' });
  if (!edition.queued) throw new Error('no outbox rows queued');

  await enqueue(db, { kind: 'housekeeping', uniqueKey: 'copy-test' }, t.clock.now());
  const vector = (seed: number) => Float32Array.from({ length: 8 }, (_, i) => Math.sin(seed * 7.1 + i) / 3);
  await storeEmbeddings(
    db,
    ids.slice(0, 5).map((_, i) => ({ paperId: i + 1, vector: vector(i) })),
    'test-model',
    t.clock.now(),
  );
  return { t, discussed, submitted: fresh.arxivId, handle: alice.user!.handle };
}
