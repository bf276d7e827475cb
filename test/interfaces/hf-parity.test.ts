/**
 * Field-by-field parity with Hugging Face: every recorded day of the bundled demo dataset
 * (data/demo: 44 real `/api/daily_papers?date=` responses) is imported and asked for again;
 * the answer must list the same papers in the same order with the same value in every field
 * HF sent, except the differences allowed below (each documented in docs/API.md).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importHfDaily } from '../../src/ingest/ingest.ts';
import { fixedClock } from '../../src/shared/clock.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { forEachDialect } from '../support/db.ts';

const DEMO = path.resolve(import.meta.dirname, '../../data/demo/daily_papers');
const DAYS = fs
  .readdirSync(DEMO)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, 10))
  .sort();

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

const recorded = (day: string) =>
  JSON.parse(fs.readFileSync(path.join(DEMO, `${day}.json`), 'utf8')) as Obj[];

/** The latest recording of each paper, and of each organisation's name and avatar. */
const latestPaper = new Map<string, Obj>();
const latestOrg = new Map<string, Obj>();
for (const day of DAYS) {
  for (const item of recorded(day)) {
    latestPaper.set((item.paper as Obj).id as string, item);
    const org = item.organization as Obj | undefined;
    if (org) latestOrg.set(org.name as string, org);
  }
}

/**
 * What a day must show for `item`. A paper stored once shows its latest values on every day
 * it was featured; the day owns only its counts, its submitter and when it was featured.
 */
function expectedFor(item: Obj): Obj {
  const latest = latestPaper.get((item.paper as Obj).id as string)!;
  if (latest === item) return item;
  const paper = item.paper as Obj;
  return {
    ...latest,
    numComments: item.numComments!,
    submittedBy: item.submittedBy!,
    isAuthorParticipating: item.isAuthorParticipating!,
    paper: {
      ...(latest.paper as Obj),
      upvotes: paper.upvotes!,
      submittedOnDailyAt: paper.submittedOnDailyAt!,
      submittedOnDailyBy: paper.submittedOnDailyBy!,
    },
  };
}

/**
 * The allowed differences, each a path pattern and what both sides are reduced to there.
 * Nothing else may differ.
 */
const ALLOWED: { path: RegExp; why: string; reduce: (v: Json, item: Obj, at: string) => Json | undefined }[] =
  [
    {
      path: /^paper\.discussionId$/,
      why: 'comments hang off the paper here, so its arXiv id names the discussion',
      reduce: (_v, item) => (item.paper as Obj).id as string,
    },
    {
      path: /^(paper\.)?(authors\[\d+\]|organization)\._id$/,
      why: 'opaque ids of rows of this instance (authors, organisations), not HF object ids',
      reduce: () => '*',
    },
    {
      path: /avatarUrl$/,
      why: 'HF sends default avatars as paths on its own host; we send them absolute',
      reduce: (v) => (typeof v === 'string' ? new URL(v, 'https://huggingface.co').toString() : v),
    },
    {
      path: /^(paper\.)?organization\.(fullname|avatar)$/,
      why: 'an organisation is stored once: every paper shows its latest name and avatar as HF last sent them',
      reduce: (v, item, at) => {
        const name = ((item.organization ?? (item.paper as Obj).organization) as Obj).name as string;
        return latestOrg.get(name)?.[at.endsWith('avatar') ? 'avatar' : 'fullname'] ?? v;
      },
    },
    {
      path: /^paper\.numComments$/,
      why: 'we add the comment count to the paper object too (HF has it only outside)',
      reduce: () => undefined,
    },
  ];

/** A copy of `v` with every allowed difference reduced, so the rest must be equal. */
function reduce(v: Json, item: Obj, at = ''): Json | undefined {
  const rule = ALLOWED.find((r) => r.path.test(at));
  if (rule) return rule.reduce(v, item, at);
  if (Array.isArray(v)) return v.map((x, i) => reduce(x, item, `${at}[${i}]`) as Json);
  if (v && typeof v === 'object') {
    const out: Obj = {};
    for (const [k, x] of Object.entries(v)) {
      const r = reduce(x, item, at ? `${at}.${k}` : k);
      if (r !== undefined) out[k] = r;
    }
    return out;
  }
  return v;
}

it('the demo dataset has the 44 recorded days', () => {
  expect(DAYS).toHaveLength(44);
  for (const rule of ALLOWED) expect(rule.why.length).toBeGreaterThan(10);
});

forEachDialect('parity with every recorded HF day', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { now: '2026-08-22T10:00:00.000Z' });
    const r = await importHfDaily({ db: t.db, clock: fixedClock('2026-08-22T00:00:00Z') }, DEMO);
    expect(r.problems).toEqual([]);
  }, 240_000);
  afterAll(() => t.close());

  describe('/api/daily_papers?date=… equals the recorded response', () => {
    for (const day of DAYS) {
      it(day, async () => {
        const res = await t.app.inject({
          url: `/api/daily_papers?date=${day}&limit=100`,
          // huggingface_hub sends the saved Hugging Face token along: it must change nothing.
          headers: { authorization: 'Bearer hf_NotAPaperboyToken' },
        });
        expect(res.statusCode).toBe(200);
        const ours = res.json() as Obj[];
        const theirs = recorded(day);
        expect(ours.map((i) => (i.paper as Obj).id)).toEqual(theirs.map((i) => (i.paper as Obj).id));
        for (const [i, item] of theirs.entries()) {
          const want = expectedFor(item);
          expect(reduce(ours[i]!, ours[i]!), `${day} #${i} ${(item.paper as Obj).id}`).toEqual(
            reduce(want, want),
          );
        }
      });
    }
  });

  it('re-importing every day, in any order, changes nothing', async () => {
    const deps = { db: t.db, clock: fixedClock('2026-08-23T00:00:00Z') };
    const again = await importHfDaily(deps, DEMO);
    expect(again.papers).toMatchObject({ new: 0, updated: 0 });
    expect(again.entries).toMatchObject({ new: 0, updated: 0, unchanged: 906 });
    // An earlier day imported after a later one does not bring back its older values.
    const early = await importHfDaily(deps, path.join(DEMO, '2026-08-13.json'));
    expect(early.papers.updated).toBe(0);
  }, 240_000);
});
