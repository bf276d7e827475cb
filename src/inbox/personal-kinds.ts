/**
 * The member's own lists as kinds of the one list engine (feed/kinds.ts): For You,
 * Following and the library. Each needs a viewer (the engine refuses without one) and is
 * `personal`, so every surface answers it privately and never from a shared cache; their
 * page, API, feeds (signed in, or through the member's secret feed URL) and exports come
 * from the engine like every other list's.
 */
import { z } from 'zod';
import type { SessionUser } from '../community/types.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/connect.ts';
import type { Found, ItemNote, ListDeps, ListKind, ListParams, Window } from '../feed/list-kind.ts';
import { searchSettings } from '../search/settings.ts';
import { NotFoundError } from '../shared/errors.ts';
import { following } from './following.ts';
import {
  createRecommender,
  forYou,
  type PersonalList,
  type Recommender,
  recommenderSettings,
} from './for-you.ts';
import { findFolder, savedRows } from './library.repo.ts';
import { marksAmong } from './marks.repo.ts';

/** One recommender (window vectors, models in memory) per database handle, shared by every surface. */
const recommenders = new WeakMap<object, Recommender>();

export function recommenderFor(
  db: Db,
  config: Pick<Config, 'INBOX_WINDOW_DAYS' | 'INBOX_SEED'>,
): Recommender {
  let r = recommenders.get(db);
  if (!r) {
    r = createRecommender(recommenderSettings(config));
    recommenders.set(db, r);
  }
  return r;
}

/** What For You and Following need beyond the engine's dependencies. */
export function personalDeps(deps: Pick<ListDeps, 'db' | 'clock' | 'config'>) {
  return {
    db: deps.db,
    clock: deps.clock,
    recommender: recommenderFor(deps.db, deps.config),
    search: { settings: searchSettings(deps.config) },
  };
}

const hideRead = z.enum(['1', '0'], { error: 'hideRead must be 1 or 0' }).optional();

/** One window of a ranked personal list: the lists rank from the top, so the window is a prefix cut. */
async function personalWindow(
  find: (limit: number) => Promise<PersonalList>,
  w: Window,
): Promise<Pick<Found, 'ids' | 'notes' | 'about'>> {
  const list = await find(w.offset + w.limit);
  const items = list.items.slice(w.offset);
  return {
    ids: items.map((i) => i.paperId),
    notes: new Map(items.map((i) => [i.paperId, { reasons: i.reasons, read: i.read }])),
    about: { from: list.from, to: list.to, coldStart: list.coldStart },
  };
}

function viewerOf(deps: ListDeps): SessionUser {
  // resolveList refuses personal kinds without a viewer; this is the type's proof of it.
  if (!deps.viewer) throw new Error('personal list without a viewer');
  return deps.viewer;
}

/** A folder parameter: a folder's id, `unfiled`, or absent (the whole library). */
function folderOf(p: ListParams): number | null | undefined {
  if (p.folder === undefined) return undefined;
  return p.folder === 'unfiled' ? null : Number(p.folder);
}

export const PERSONAL_KINDS: ListKind[] = [
  {
    name: 'for-you',
    summary: "The member's For You list: recent papers ranked by their own model, each with why (private)",
    path: 'me/for-you',
    page: '/for-you',
    personal: true,
    params: z.object({ hideRead }),
    async find(deps, p, w) {
      const viewer = viewerOf(deps);
      const found = await personalWindow(
        (limit) => forYou(personalDeps(deps), viewer, { limit, hideRead: p.hideRead === '1' }),
        w,
      );
      return {
        ...found,
        title: 'For You',
        description: `Recent papers ranked for @${viewer.handle}, each with why it is here.`,
      };
    },
  },
  {
    name: 'following',
    summary: 'New papers from everything the member follows, newest first, each with why (private)',
    path: 'me/following',
    page: '/following',
    personal: true,
    params: z.object({ hideRead }),
    async find(deps, p, w) {
      const viewer = viewerOf(deps);
      const found = await personalWindow(
        (limit) => following(personalDeps(deps), viewer, { limit, hideRead: p.hideRead === '1' }),
        w,
      );
      return {
        ...found,
        title: 'Following',
        description: `New papers from what @${viewer.handle} follows, newest first.`,
      };
    },
  },
  {
    name: 'library',
    summary: "The member's saved papers, a folder's or unfiled ones, latest saved first (private)",
    path: 'me/library',
    page: '/library',
    personal: true,
    exportSize: 10_000,
    params: z.object({
      folder: z
        .string()
        .regex(/^(\d{1,12}|unfiled)$/, 'folder must be a folder id or "unfiled"')
        .optional(),
    }),
    async find(deps, p, w) {
      const viewer = viewerOf(deps);
      const folderId = folderOf(p);
      const folder = typeof folderId === 'number' ? await findFolder(deps.db, viewer.id, folderId) : null;
      // Another member's folder does not exist, as far as this viewer can tell.
      if (typeof folderId === 'number' && !folder) throw new NotFoundError('No such folder in your library.');
      const rows = await savedRows(deps.db, viewer.id, folderId);
      const window = rows.slice(w.offset, w.offset + w.limit);
      const ids = window.map((r) => r.paperId);
      const marks = await marksAmong(deps.db, viewer.id, ids);
      const notes = new Map<number, ItemNote>(
        window.map((r) => [
          r.paperId,
          { reasons: [], read: marks.get(r.paperId)?.read ?? false, note: r.note, folderId: r.folderId },
        ]),
      );
      const name = folder ? folder.name : folderId === null ? 'Unfiled' : 'Library';
      return {
        ids,
        notes,
        total: rows.length,
        title: folder || folderId === null ? `Library: ${name}` : 'Library',
        description: `Papers @${viewer.handle} saved${folder ? ` in “${name}”` : folderId === null ? ' in no folder' : ''}, latest first.`,
      };
    },
  },
];
