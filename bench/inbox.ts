/**
 * Research inbox benchmark: prints JSON.
 *
 *   npm run bench:inbox                      # the 22k real CS papers, all in the window
 *   npm run bench:inbox -- --signals 500 --runs 60
 *
 * SQLite database of the real papers (../shared/data), one member with `--signals` signals
 * (half saves, a third upvotes, the rest hidden). Measures through the real use cases:
 * building the window's vectors (once per window, shared by every member), retraining
 * after an action, For You (50 items with reasons) and Following p50 / p95, and in the same
 * run a baseline list from the database alone: the 50 most upvoted papers of the window
 * with their cards.
 */
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { findOrCreateUserByEmail } from '../src/community/users.repo.ts';
import { loadConfig } from '../src/config.ts';
import { connect } from '../src/db/connect.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { resolveList } from '../src/feed/lists.ts';
import { follow, markPaper, savePaper } from '../src/inbox/inbox.ts';
import { recommenderFor } from '../src/inbox/personal-kinds.ts';
import { searchSettings } from '../src/search/settings.ts';
import { fixedClock } from '../src/shared/clock.ts';
import { loadRealPapers, rng, round, stats } from './search-corpus.ts';
import { loadSqlite } from './search-load.ts';

const { values: args } = parseArgs({
  options: {
    signals: { type: 'string', default: '500' },
    runs: { type: 'string', default: '60' },
  },
});

const clock = fixedClock('2026-07-02T00:00:00Z');
const config = loadConfig({ INBOX_WINDOW_DAYS: '0', LOG_LEVEL: 'silent' });

async function timed<T>(f: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const r = await f();
  return [performance.now() - t0, r];
}

const real = await loadRealPapers();
const db = connect({ sqlitePath: ':memory:' });
await migrateToLatest(db);
const load = await loadSqlite(db, real);
// Some popularity, so the baseline and the prior have something to sort by.
const rand = rng(3);
db.sqlite!.exec('BEGIN');
const up = db.sqlite!.prepare('UPDATE papers SET upvotes = ? WHERE id = ?');
for (let id = 1; id <= real.length; id++) up.run(Math.floor(rand() ** 4 * 200), id);
db.sqlite!.exec('COMMIT');

const member = (await findOrCreateUserByEmail(db, 'reader@example.org', clock.now())).user;
const n = Number(args.signals);
const ids = real.map((p) => p.arxivId);
const deps = {
  db,
  clock,
  recommender: recommenderFor(db, config),
  search: { settings: searchSettings(config) },
};
// Signals cluster on a few topics, as a reader's do: papers matching three queries.
const picked = new Set<string>();
for (const q of ['language model', 'diffusion', 'reinforcement learning']) {
  const rows = await sql<{
    arxiv_id: string;
  }>`SELECT p.arxiv_id FROM papers_fts f JOIN papers p ON p.id = f.rowid
    WHERE papers_fts MATCH ${q} ORDER BY p.id LIMIT ${n}`.execute(db.kysely);
  for (const r of rows.rows) if (picked.size < (n * 5) / 6) picked.add(r.arxiv_id);
}
let i = 0;
for (const a of picked) {
  if (i < n / 2) await savePaper(deps, member, a);
  else
    await db.kysely
      .insertInto('votes')
      .values({ paper_id: i + 1, user_id: member.id, created_at: clock.now().toISOString() })
      .onConflict((oc) => oc.doNothing())
      .execute();
  i++;
}
while (i < n) await markPaper(deps, member, ids[(i++ * 7919) % ids.length] as string, 'hidden', true);
await follow(deps, member, 'category', 'cs.CL');
await follow(deps, member, 'query', 'speculative decoding');
await follow(deps, member, 'query', 'graph neural network');

// Measured as a member gets the lists: through the list engine, cards included.
const personal = (kind: 'for-you' | 'following') =>
  resolveList({ db, clock, config, viewer: member }, { kind, params: {}, page: 0 }, 50);
const [corpusMs] = await timed(() => personal('for-you')); // builds vectors + trains
const retrain: number[] = [];
for (let k = 0; k < 5; k++) {
  await markPaper(deps, member, ids[k * 101] as string, 'never', true); // an action: signals change
  retrain.push((await timed(() => personal('for-you')))[0]);
}
const runs = Number(args.runs);
const forYouMs: number[] = [];
const followingMs: number[] = [];
const baselineMs: number[] = [];
let items = 0;
for (let k = 0; k < runs; k++) {
  const [b] = await timed(() =>
    db.kysely
      .selectFrom('papers as p')
      .leftJoin('daily_entries as e', 'e.paper_id', 'p.id')
      .select([
        'p.id',
        'p.arxiv_id',
        'p.title',
        'p.authors_text',
        'p.abstract',
        'p.upvotes',
        'p.published_at',
      ])
      .orderBy('p.upvotes', 'desc')
      .limit(50)
      .execute(),
  );
  baselineMs.push(b);
  const [f, list] = await timed(() => personal('for-you'));
  forYouMs.push(f);
  items = list.items.length;
  followingMs.push((await timed(() => personal('following')))[0]);
}
const fy = stats(forYouMs);
const base = stats(baselineMs);
console.log(
  JSON.stringify(
    {
      papers_in_window: real.length,
      member_signals: n,
      load,
      first_list_with_vectors_and_training_ms: round(corpusMs),
      after_an_action_retrain_and_list_ms: stats(retrain),
      for_you_ms: fy,
      for_you_items: items,
      following_ms: stats(followingMs),
      baseline_most_upvoted_sql_ms: base,
      for_you_over_baseline_p50: round(fy.p50 / base.p50),
      runs,
    },
    null,
    2,
  ),
);
await db.close();
