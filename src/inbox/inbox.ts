/**
 * Use cases of the research inbox that record what a member does: follow, save into the
 * library (folders, notes), mark read / hidden / never again, ask for "more like this".
 * Everything here is private to the member; nothing is shown to anyone else.
 */
import { randomBytes } from 'node:crypto';
import type { SessionUser } from '../community/types.ts';
import { findUserByHandle } from '../community/users.repo.ts';
import type { Db } from '../db/connect.ts';
import { findPaperId } from '../papers/cards.repo.ts';
import { normalizeAuthorName } from '../papers/names.ts';
import type { Clock } from '../shared/clock.ts';
import { NotFoundError, ValidationError } from '../shared/errors.ts';
import { tryParseArxivId } from '../shared/ids.ts';
import { hashSecret } from '../shared/secret.ts';
import { deleteFeedSecret, feedSecretOwner, putFeedSecret } from './feed-secrets.repo.ts';
import {
  addFollow,
  FOLLOW_KINDS,
  type Follow,
  type FollowKind,
  listFollows,
  removeFollow,
} from './follows.repo.ts';
import {
  deleteFolder,
  type Folder,
  findFolder,
  folderByName,
  insertFolder,
  listFolders,
  listItems,
  removeItem,
  renameFolder,
  type SavedPaper,
  savedArxivIds,
  setItemNote,
  upsertItem,
} from './library.repo.ts';
import { type MarkKind, recordMoreLikeThis, setMark } from './marks.repo.ts';

export interface InboxDeps {
  db: Db;
  clock: Clock;
}

export const FOLDER_NAME_MAX = 80;
export const NOTE_MAX_CHARS = 5000;
const QUERY_MAX_CHARS = 200;
const CATEGORY = /^[a-z-]+(\.[A-Za-z-]+)?$/;

/** What a follow matches and how it is shown, from what the member typed. Pure. */
export function followTarget(
  kind: string,
  value: string,
): { kind: FollowKind; target: string; label: string } {
  if (!(FOLLOW_KINDS as readonly string[]).includes(kind))
    throw new ValidationError(`Unknown kind "${kind}": expected one of ${FOLLOW_KINDS.join(', ')}.`);
  const label = value.replace(/\s+/g, ' ').trim();
  if (!label) throw new ValidationError('Say what to follow.');
  if (label.length > QUERY_MAX_CHARS) throw new ValidationError(`At most ${QUERY_MAX_CHARS} characters.`);
  switch (kind as FollowKind) {
    case 'author':
      return { kind: 'author', target: normalizeAuthorName(label), label };
    case 'organisation':
      return { kind: 'organisation', target: label.toLowerCase(), label };
    case 'category':
      if (!CATEGORY.test(label))
        throw new ValidationError(`"${label}" is not an arXiv category such as cs.CL.`);
      return { kind: 'category', target: label, label };
    case 'user':
      return { kind: 'user', target: label.replace(/^@/, '').toLowerCase(), label: label.replace(/^@/, '') };
    default:
      return { kind: 'query', target: label, label };
  }
}

export async function follow(
  deps: InboxDeps,
  user: SessionUser,
  kind: string,
  value: string,
): Promise<Follow[]> {
  const f = followTarget(kind, value);
  if (f.kind === 'user') {
    const other = await findUserByHandle(deps.db, f.target);
    if (!other || other.status === 'deleted') throw new NotFoundError(`No member @${f.target}.`);
    f.target = other.handle.toLowerCase();
    f.label = other.handle;
  }
  await addFollow(deps.db, user.id, f, deps.clock.now());
  return listFollows(deps.db, user.id);
}

export async function unfollow(
  deps: InboxDeps,
  user: SessionUser,
  kind: string,
  value: string,
): Promise<Follow[]> {
  const f = followTarget(kind, value);
  await removeFollow(deps.db, user.id, f.kind, f.target);
  return listFollows(deps.db, user.id);
}

export function follows(deps: InboxDeps, user: SessionUser): Promise<Follow[]> {
  return listFollows(deps.db, user.id);
}

/** How a follow is named in a set of the member's follows (`author:ada lovelace`). Pure. */
export function followKey(kind: string, target: string): string {
  return `${kind}:${target}`;
}

/** The member's follows as `followKey`s and which of these papers they saved: the state of their buttons. */
export async function viewerInbox(
  deps: Pick<InboxDeps, 'db'>,
  userId: number,
  arxivIds: string[],
  withFollows: boolean,
): Promise<{ saved: Set<string>; follows: Set<string> }> {
  const [saved, list] = await Promise.all([
    savedArxivIds(deps.db, userId, arxivIds),
    withFollows ? listFollows(deps.db, userId) : [],
  ]);
  return { saved, follows: new Set(list.map((f) => followKey(f.kind, f.target))) };
}

// ---------------------------------------------------------------------------- library

function folderName(name: string): string {
  const n = name.replace(/\s+/g, ' ').trim();
  if (!n) throw new ValidationError('A folder needs a name.');
  if (n.length > FOLDER_NAME_MAX)
    throw new ValidationError(`Folder names have at most ${FOLDER_NAME_MAX} characters.`);
  return n;
}

async function ownFolder(deps: InboxDeps, user: SessionUser, folderId: number): Promise<Folder> {
  const f = await findFolder(deps.db, user.id, folderId);
  if (!f) throw new NotFoundError('No such folder in your library.');
  return f;
}

/** The paper's internal id; an unknown or malformed id is a clear error. */
export async function resolvePaper(db: Db, input: string): Promise<{ id: number; arxivId: string }> {
  const parsed = tryParseArxivId(input.trim());
  if (!parsed) throw new ValidationError(`"${input}" is not an arXiv id.`);
  const arxivId = parsed.id;
  const id = await findPaperId(db, arxivId);
  if (id === null) throw new NotFoundError(`arXiv:${arxivId} is not in this instance.`);
  return { id, arxivId };
}

export function folders(deps: InboxDeps, user: SessionUser): Promise<Folder[]> {
  return listFolders(deps.db, user.id);
}

/** Creates a folder, or returns the existing one of that name. */
export async function createFolder(deps: InboxDeps, user: SessionUser, name: string): Promise<Folder> {
  const n = folderName(name);
  const id =
    (await folderByName(deps.db, user.id, n)) ?? (await insertFolder(deps.db, user.id, n, deps.clock.now()));
  return ownFolder(deps, user, id);
}

export async function renameLibraryFolder(
  deps: InboxDeps,
  user: SessionUser,
  folderId: number,
  name: string,
): Promise<Folder> {
  await ownFolder(deps, user, folderId);
  const n = folderName(name);
  const clash = await folderByName(deps.db, user.id, n);
  if (clash !== null && clash !== folderId) throw new ValidationError(`You already have a folder "${n}".`);
  await renameFolder(deps.db, user.id, folderId, n);
  return ownFolder(deps, user, folderId);
}

export async function deleteLibraryFolder(
  deps: InboxDeps,
  user: SessionUser,
  folderId: number,
): Promise<void> {
  await ownFolder(deps, user, folderId);
  await deleteFolder(deps.db, user.id, folderId);
}

/** Saves a paper into a folder (null: unfiled); saving a saved paper moves it. */
export async function savePaper(
  deps: InboxDeps,
  user: SessionUser,
  paper: string,
  folderId: number | null = null,
): Promise<{ arxivId: string; saved: true; folderId: number | null }> {
  const p = await resolvePaper(deps.db, paper);
  if (folderId !== null) await ownFolder(deps, user, folderId);
  await upsertItem(deps.db, { userId: user.id, paperId: p.id, folderId, now: deps.clock.now() });
  return { arxivId: p.arxivId, saved: true, folderId };
}

export async function unsavePaper(
  deps: InboxDeps,
  user: SessionUser,
  paper: string,
): Promise<{ arxivId: string; saved: false }> {
  const p = await resolvePaper(deps.db, paper);
  await removeItem(deps.db, user.id, p.id);
  return { arxivId: p.arxivId, saved: false };
}

export async function notePaper(
  deps: InboxDeps,
  user: SessionUser,
  paper: string,
  note: string,
): Promise<void> {
  if (note.length > NOTE_MAX_CHARS)
    throw new ValidationError(`Notes have at most ${NOTE_MAX_CHARS} characters.`);
  const p = await resolvePaper(deps.db, paper);
  if (!(await setItemNote(deps.db, user.id, p.id, note.trim())))
    throw new ValidationError(`Save arXiv:${p.arxivId} to your library before adding a note.`);
}

/** Saved papers: all (`undefined`), unfiled (`null`) or one folder's. */
export async function library(
  deps: InboxDeps,
  user: SessionUser,
  folderId?: number | null,
): Promise<SavedPaper[]> {
  if (typeof folderId === 'number') await ownFolder(deps, user, folderId);
  return listItems(deps.db, user.id, folderId);
}

// ---------------------------------------------------------------------------- marks

export async function markPaper(
  deps: InboxDeps,
  user: SessionUser,
  paper: string,
  kind: MarkKind,
  on: boolean,
): Promise<{ arxivId: string; mark: MarkKind; on: boolean }> {
  const p = await resolvePaper(deps.db, paper);
  await setMark(deps.db, user.id, p.id, kind, on ? deps.clock.now() : null);
  return { arxivId: p.arxivId, mark: kind, on };
}

/** "More like this" on a paper: a positive signal for the member's For You model. */
export async function moreLikeThis(deps: InboxDeps, user: SessionUser, paper: string): Promise<void> {
  const p = await resolvePaper(deps.db, paper);
  await recordMoreLikeThis(deps.db, user.id, p.id, deps.clock.now());
}

// ---------------------------------------------------------------------------- private feeds

const FEED_SECRET_PREFIX = 'pf_';

/**
 * A new secret for the member's private feed URLs (`/me/feeds/<secret>/for-you.rss`); the
 * previous one stops working. Shown once: only its hash is stored.
 */
export async function newFeedSecret(deps: InboxDeps, user: SessionUser): Promise<string> {
  const secret = `${FEED_SECRET_PREFIX}${randomBytes(24).toString('base64url')}`;
  await putFeedSecret(deps.db, user.id, hashSecret(secret), deps.clock.now());
  return secret;
}

export async function revokeFeedSecret(deps: InboxDeps, user: SessionUser): Promise<void> {
  await deleteFeedSecret(deps.db, user.id);
}

/** The member a private feed URL belongs to; a wrong or revoked secret is a 404. */
export async function feedOwner(deps: InboxDeps, secret: string): Promise<SessionUser> {
  const user = secret.startsWith(FEED_SECRET_PREFIX)
    ? await feedSecretOwner(deps.db, hashSecret(secret))
    : null;
  if (!user) throw new NotFoundError('No such feed (the link may have been revoked).');
  return user;
}
