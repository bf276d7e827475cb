/** A member's profile: who they are, what they upvoted and said (their submissions are a list kind). */
import type { Db } from '../db/connect.ts';
import { loadCards } from '../papers/cards.repo.ts';
import type { PaperCard } from '../papers/types.ts';
import { NotFoundError } from '../shared/errors.ts';
import { type CommentRow, listUserComments } from './comments.repo.ts';
import { upvotedPaperIds, userJoinedAt } from './profiles.repo.ts';
import type { SessionUser } from './types.ts';
import { findUserByPublicHandle } from './users.repo.ts';

export interface Profile {
  user: SessionUser;
  joinedAt: string | null;
  upvoted: PaperCard[];
  comments: (CommentRow & { paperTitle: string })[];
}

/** The profile of a handle (matched case-insensitively, as on every surface); 404 when none. */
export async function loadProfile(deps: { db: Db }, handle: string): Promise<Profile> {
  const user = await findUserByPublicHandle(deps.db, handle.slice(0, 100));
  if (!user || user.status === 'deleted')
    throw new NotFoundError(`There is no user @${handle.slice(0, 40)}.`);
  const [joinedAt, upvotedIds, comments] = await Promise.all([
    userJoinedAt(deps.db, user.id),
    upvotedPaperIds(deps.db, user.id),
    listUserComments(deps.db, user.id, 30),
  ]);
  return { user, joinedAt, upvoted: await loadCards(deps.db, upvotedIds), comments };
}
