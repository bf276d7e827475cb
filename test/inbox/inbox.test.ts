import { beforeEach, describe, expect, it } from 'vitest';
import { deleteAccount } from '../../src/community/account.ts';
import type { SessionUser } from '../../src/community/types.ts';
import { findOrCreateUserByEmail } from '../../src/community/users.repo.ts';
import { setVote } from '../../src/community/votes.repo.ts';
import {
  createFolder,
  deleteLibraryFolder,
  follow,
  follows,
  followTarget,
  library,
  markPaper,
  moreLikeThis,
  notePaper,
  renameLibraryFolder,
  resolvePaper,
  savePaper,
  unfollow,
  unsavePaper,
} from '../../src/inbox/inbox.ts';
import { marksAmong } from '../../src/inbox/marks.repo.ts';
import { memberSignals, storeModel } from '../../src/inbox/signals.repo.ts';
import { importBatch } from '../../src/papers/papers.repo.ts';
import { fixedClock } from '../../src/shared/clock.ts';
import { forEachDialect, freshDbEachTest, type TestDb } from '../support/db.ts';
import { makePaper } from '../support/factories.ts';

describe('followTarget', () => {
  it('normalises what is followed and refuses what cannot match', () => {
    expect(followTarget('author', '  Zoë   Smith ')).toEqual({
      kind: 'author',
      target: 'zoe smith',
      label: 'Zoë Smith',
    });
    expect(followTarget('category', 'cs.CL').target).toBe('cs.CL');
    expect(() => followTarget('category', 'cs CL; drop')).toThrow(/not an arXiv category/);
    expect(() => followTarget('planet', 'Mars')).toThrow(/Unknown kind/);
    expect(() => followTarget('query', '   ')).toThrow(/what to follow/);
  });
});

forEachDialect('inbox storage', (dialect) => {
  let db: TestDb;
  freshDbEachTest(dialect, (d) => {
    db = d;
  });
  const clock = fixedClock('2026-08-22T10:00:00.000Z');
  const deps = () => ({ db, clock });
  const papers = [makePaper({ authors: [{ name: 'Grace Hopper' }] }), makePaper(), makePaper()] as const;
  /** The papers' internal ids, in order. */
  async function paperIds(): Promise<[number, number, number]> {
    const [a, b, c] = papers;
    return [
      (await resolvePaper(db, a.arxivId)).id,
      (await resolvePaper(db, b.arxivId)).id,
      (await resolvePaper(db, c.arxivId)).id,
    ];
  }
  let ada: SessionUser;
  let bob: SessionUser;

  beforeEach(async () => {
    await importBatch(
      db,
      [...papers],
      [{ arxivId: papers[1].arxivId, feedDate: '2026-08-21', submittedAt: '2026-08-21T08:00:00.000Z' }],
      { source: 'test', now: clock.now() },
    );
    ada = (await findOrCreateUserByEmail(db, 'ada@example.org', clock.now())).user;
    bob = (await findOrCreateUserByEmail(db, 'bob@example.org', clock.now())).user;
  });

  it('follows are per member, idempotent and removable', async () => {
    await follow(deps(), ada, 'author', 'Grace  Hopper');
    await follow(deps(), ada, 'author', 'grace hopper');
    await follow(deps(), ada, 'category', 'cs.CL');
    await follow(deps(), ada, 'user', '@bob');
    expect((await follows(deps(), ada)).map((f) => `${f.kind}:${f.target}`)).toEqual([
      'author:grace hopper',
      'category:cs.CL',
      'user:bob',
    ]);
    await expect(follow(deps(), ada, 'user', 'nobody-here')).rejects.toThrow(/No member/);
    expect(await follows(deps(), bob)).toEqual([]);
    expect((await unfollow(deps(), ada, 'category', 'cs.CL')).map((f) => f.kind)).toEqual(['author', 'user']);
  });

  it('library: folders are created, renamed, deleted (papers stay, unfiled); papers move and carry notes', async () => {
    const toRead = await createFolder(deps(), ada, ' To read ');
    expect(toRead.name).toBe('To read');
    expect((await createFolder(deps(), ada, 'To read')).id).toBe(toRead.id);
    const done = await createFolder(deps(), ada, 'Done');
    await savePaper(deps(), ada, papers[0].arxivId, toRead.id);
    await savePaper(deps(), ada, `https://arxiv.org/abs/${papers[1].arxivId}v2`);
    await notePaper(deps(), ada, papers[0].arxivId, 'read section 3');
    await savePaper(deps(), ada, papers[0].arxivId, done.id); // a move keeps the note
    expect((await library(deps(), ada, done.id)).map((s) => [s.paper.arxivId, s.note])).toEqual([
      [papers[0].arxivId, 'read section 3'],
    ]);
    expect((await library(deps(), ada, null)).map((s) => s.paper.arxivId)).toEqual([papers[1].arxivId]);
    await expect(renameLibraryFolder(deps(), ada, done.id, 'To read')).rejects.toThrow(/already have/);
    expect((await renameLibraryFolder(deps(), ada, done.id, 'Finished')).name).toBe('Finished');
    await deleteLibraryFolder(deps(), ada, done.id);
    expect((await library(deps(), ada)).map((s) => [s.paper.arxivId, s.folderId])).toEqual(
      expect.arrayContaining([
        [papers[0].arxivId, null],
        [papers[1].arxivId, null],
      ]),
    );
    // Another member sees none of it and cannot touch the folders.
    expect(await library(deps(), bob)).toEqual([]);
    await expect(savePaper(deps(), bob, papers[2].arxivId, toRead.id)).rejects.toThrow(/No such folder/);
    await expect(renameLibraryFolder(deps(), bob, toRead.id, 'mine')).rejects.toThrow(/No such folder/);
    await expect(notePaper(deps(), bob, papers[0].arxivId, 'x')).rejects.toThrow(/before adding a note/);
    await expect(savePaper(deps(), ada, '2512.99999')).rejects.toThrow(/not in this instance/);
    await expect(savePaper(deps(), ada, 'not an id')).rejects.toThrow(/not an arXiv id/);
    await unsavePaper(deps(), ada, papers[1].arxivId);
    expect((await library(deps(), ada)).map((s) => s.paper.arxivId)).toEqual([papers[0].arxivId]);
  });

  it('marks set and clear; signals are read from where each is recorded', async () => {
    const ids = await paperIds();
    await markPaper(deps(), ada, papers[0].arxivId, 'read', true);
    await markPaper(deps(), ada, papers[2].arxivId, 'hidden', true);
    await markPaper(deps(), ada, papers[2].arxivId, 'never', true);
    expect((await marksAmong(db, ada.id, ids)).get(ids[0])).toEqual({
      read: true,
      hidden: false,
      never: false,
    });
    await markPaper(deps(), ada, papers[0].arxivId, 'read', false);
    expect((await marksAmong(db, ada.id, ids)).has(ids[0])).toBe(false);

    await follow(deps(), ada, 'author', 'Grace Hopper');
    await savePaper(deps(), ada, papers[1].arxivId);
    await setVote(db, { paperId: ids[1], userId: ada.id, up: true, now: clock.now() });
    await moreLikeThis(deps(), ada, papers[1].arxivId);
    const signals = (await memberSignals(db, ada.id)).map((s) => `${s.kind}:${s.paperId}`).sort();
    expect(signals).toEqual(
      [
        `author_follow:${ids[0]}`,
        `save:${ids[1]}`,
        `upvote:${ids[1]}`,
        `more_like_this:${ids[1]}`,
        `never:${ids[2]}`,
      ].sort(),
    );
    expect(await memberSignals(db, bob.id)).toEqual([]);
  });

  it('account deletion removes follows, library, marks, signals, model and feed secret', async () => {
    const ids = await paperIds();
    for (const u of [ada, bob]) {
      await follow(deps(), u, 'category', 'cs.CL');
      const f = await createFolder(deps(), u, 'Reading group');
      await savePaper(deps(), u, papers[0].arxivId, f.id);
      await markPaper(deps(), u, papers[1].arxivId, 'read', true);
      await moreLikeThis(deps(), u, papers[2].arxivId);
      await storeModel(db, u.id, { signalsKey: 'k', trainedAt: clock.now().toISOString(), model: '{}' });
      await db.kysely
        .insertInto('feed_secrets')
        .values({ user_id: u.id, secret_hash: `h${u.id}`, created_at: clock.now().toISOString() })
        .execute();
    }
    await setVote(db, { paperId: ids[1], userId: ada.id, up: true, now: clock.now() });
    await deleteAccount({ db }, ada, ada.handle);
    const tables = [
      'follows',
      'library_folders',
      'library_items',
      'paper_marks',
      'inbox_signals',
      'inbox_models',
      'feed_secrets',
      'votes',
    ] as const;
    for (const t of tables) {
      const rows = await db.kysely.selectFrom(t).select('user_id').execute();
      expect(
        rows.map((r) => r.user_id),
        t,
      ).not.toContain(ada.id);
      if (t !== 'votes')
        expect(
          rows.map((r) => r.user_id),
          t,
        ).toContain(bob.id);
    }
    expect(await memberSignals(db, ada.id)).toEqual([]);
  });
});
