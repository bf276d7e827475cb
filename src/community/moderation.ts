/**
 * Moderator actions. Each one is written to the append-only moderation log with who did
 * it (null actor = the command line), what, to what, and why.
 */
import type { Db } from '../db/connect.ts';
import type { Clock } from '../shared/clock.ts';
import { NotFoundError, ValidationError } from '../shared/errors.ts';
import { getComment, markCommentRemoved, paperIdOf } from './comments.repo.ts';
import { appendModerationLog, setEntryHidden } from './moderation.repo.ts';
import type { SessionUser } from './types.ts';
import { findOrCreateUserByEmail, findUserByHandle, setUserRole, setUserStatus } from './users.repo.ts';

export interface ModDeps {
  db: Db;
  clock: Clock;
}

const reasonOf = (r: string | undefined) => (r?.trim() ? r.trim().slice(0, 500) : null);

export async function setPaperHidden(
  deps: ModDeps,
  actor: SessionUser,
  arxivId: string,
  hidden: boolean,
  reason?: string,
) {
  const paperId = await paperIdOf(deps.db, arxivId);
  if (paperId === null || !(await setEntryHidden(deps.db, paperId, hidden)))
    throw new NotFoundError(`arXiv:${arxivId} is not featured on the feed.`);
  await appendModerationLog(deps.db.kysely, {
    actorId: actor.id,
    action: hidden ? 'hide_paper' : 'unhide_paper',
    targetType: 'paper',
    targetId: arxivId,
    reason: reasonOf(reason),
    now: deps.clock.now(),
  });
}

export async function removeComment(deps: ModDeps, actor: SessionUser, commentId: number, reason?: string) {
  const c = await getComment(deps.db, commentId);
  if (!c) throw new NotFoundError('This comment does not exist.');
  if (c.status === 'visible') await markCommentRemoved(deps.db, c.id, c.paperId);
  await appendModerationLog(deps.db.kysely, {
    actorId: actor.id,
    action: 'remove_comment',
    targetType: 'comment',
    targetId: String(c.id),
    reason: reasonOf(reason),
    now: deps.clock.now(),
  });
  return c;
}

export async function setUserSuspended(
  deps: ModDeps,
  actor: SessionUser,
  handle: string,
  suspended: boolean,
  reason?: string,
) {
  const target = await findUserByHandle(deps.db, handle);
  if (!target || target.status === 'deleted') throw new NotFoundError(`There is no user @${handle}.`);
  if (target.id === actor.id) throw new ValidationError('You cannot suspend yourself.');
  await setUserStatus(deps.db.kysely, target.id, suspended ? 'suspended' : 'active', deps.clock.now());
  await appendModerationLog(deps.db.kysely, {
    actorId: actor.id,
    action: suspended ? 'suspend_user' : 'unsuspend_user',
    targetType: 'user',
    targetId: target.handle,
    reason: reasonOf(reason),
    now: deps.clock.now(),
  });
  return target;
}

/** `paperboy admin grant|revoke <email>`: creates the account when needed so its owner can sign in. */
export async function setAdminByEmail(deps: ModDeps, email: string, admin: boolean) {
  const { user } = await findOrCreateUserByEmail(deps.db, email, deps.clock.now());
  await setUserRole(deps.db.kysely, user.id, admin ? 'admin' : 'user');
  await appendModerationLog(deps.db.kysely, {
    actorId: null,
    action: admin ? 'grant_admin' : 'revoke_admin',
    targetType: 'user',
    targetId: user.handle,
    reason: 'command line',
    now: deps.clock.now(),
  });
  return user;
}
