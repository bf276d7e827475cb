/**
 * Following: new papers from everything a member follows, newest first, each with why it
 * is there ("author: Ada Lovelace", "cs.CL", "matches 'speculative decoding'", "@handle").
 */
import type { SessionUser } from '../community/types.ts';
import { type SearchDeps, searchPapers } from '../search/search.ts';
import {
  papersByAuthors,
  papersInCategories,
  papersOfMembers,
  papersOfOrganisation,
} from './following.repo.ts';
import { listFollows } from './follows.repo.ts';
import type { ForYouDeps, PersonalItem, PersonalList } from './for-you.ts';
import { marksAmong } from './marks.repo.ts';
import { windowStamp } from './recommend/corpus.repo.ts';

export interface FollowingDeps extends ForYouDeps {
  search: Pick<SearchDeps, 'settings'>;
}

/** Matches taken per followed thing (newest first): enough for any page of the list. */
const PER_SOURCE = 300;

export async function following(
  deps: FollowingDeps,
  user: SessionUser,
  opts: { limit: number; hideRead?: boolean },
): Promise<PersonalList> {
  const { db } = deps;
  const stamp = await windowStamp(db, deps.clock.now());
  const days = deps.recommender.settings.windowDays;
  const from = stamp && days > 0 ? new Date(Date.parse(stamp.end) - days * 86_400_000).toISOString() : null;
  const follows = await listFollows(db, user.id);
  const labelOf = (kind: string) =>
    new Map(follows.filter((f) => f.kind === kind).map((f) => [f.target, f.label]));
  const authors = labelOf('author');
  const members = labelOf('user');
  const found = new Map<number, { publishedAt: string; reasons: string[] }>();
  const add = (paperId: number, publishedAt: string, reason: string) => {
    const f = found.get(paperId) ?? { publishedAt, reasons: [] };
    if (!f.reasons.includes(reason)) f.reasons.push(reason);
    found.set(paperId, f);
  };
  for (const m of await papersByAuthors(db, [...authors.keys()], from, PER_SOURCE))
    add(m.paperId, m.publishedAt, `author: ${authors.get(m.key) ?? m.key}`);
  const cats = follows.filter((f) => f.kind === 'category').map((f) => f.target);
  for (const m of await papersInCategories(db, cats, from, PER_SOURCE)) add(m.paperId, m.publishedAt, m.key);
  for (const m of await papersOfMembers(db, [...members.keys()], from, PER_SOURCE))
    add(m.paperId, m.publishedAt, `@${members.get(m.key.toLowerCase()) ?? m.key}`);
  for (const f of follows) {
    if (f.kind === 'organisation')
      for (const m of await papersOfOrganisation(db, f.target, from, PER_SOURCE))
        add(m.paperId, m.publishedAt, `organisation: ${f.label}`);
    if (f.kind === 'query') {
      const after = from ? ` after:${from.slice(0, 10)}` : '';
      const r = await searchPapers(
        { db, clock: deps.clock, settings: deps.search.settings, semantic: null },
        `${f.target} sort:newest${after}`,
        {
          limit: 120,
          mode: 'lexical',
        },
      );
      for (const h of r.hits) add(h.card.id, h.card.publishedAt, `matches '${f.label}'`);
    }
  }
  const marks = await marksAmong(db, user.id, [...found.keys()]);
  const ordered = [...found.entries()]
    .filter(([id]) => {
      const m = marks.get(id);
      return !m?.hidden && !m?.never && !(opts.hideRead && m?.read);
    })
    .sort((a, b) =>
      a[1].publishedAt < b[1].publishedAt ? 1 : a[1].publishedAt > b[1].publishedAt ? -1 : b[0] - a[0],
    )
    .slice(0, opts.limit);
  const items: PersonalItem[] = ordered.map(([id, f]) => ({
    paperId: id,
    reasons: f.reasons,
    read: marks.get(id)?.read ?? false,
  }));
  return { items, from, to: stamp?.end ?? null, coldStart: follows.length === 0 };
}
