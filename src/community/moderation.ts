/**
 * Moderator actions. Each one and its row in the append-only moderation log (who did it,
 * null actor = the command line; what; to what; why) are written in one transaction, so
 * no action is ever left unlogged and no log row describes an action that did not happen.
 */
import type { Db } from '../db/connect.ts';
import type { Clock } from '../shared/clock.ts';
import { NotFoundError, ValidationError } from '../shared/errors.ts';
import { getComment, listFlaggedComments, markCommentRemoved, paperIdOf } from './comments.repo.ts';
import { appendModerationLog, listModerationLog, setEntryHidden } from './moderation.repo.ts';
import type { SessionUser } from './types.ts';
import { findOrCreateUserByEmail, findUserByHandle, setUserRole, setUserStatus } from './users.repo.ts';

interface ModDeps {
  db: Db;
  clock: Clock;
}

interface LogLine {
  actorId: number | null;
  action: string;
  targetType: 'paper' | 'comment' | 'user';
  targetId: string;
  reason: string | null;
}

/** Runs `act` and appends its log line in one transaction; returns what `act` returned. */
function logged<T>(deps: ModDeps, act: (tx: Db) => Promise<{ result: T; log: LogLine }>): Promise<T> {
  return deps.db.transaction(async (tx) => {
    const { result, log } = await act(tx);
    await appendModerationLog(tx, { ...log, now: deps.clock.now() });
    return result;
  });
}

const reasonOf = (r: string | undefined) => (r?.trim() ? r.trim().slice(0, 500) : null);

export async function setPaperHidden(
  deps: ModDeps,
  actor: SessionUser,
  arxivId: string,
  hidden: boolean,
  reason?: string,
) {
  await logged(deps, async (tx) => {
    const paperId = await paperIdOf(tx, arxivId);
    if (paperId === null || !(await setEntryHidden(tx, paperId, hidden)))
      throw new NotFoundError(`arXiv:${arxivId} is not featured on the feed.`);
    const action = hidden ? 'hide_paper' : 'unhide_paper';
    return {
      result: undefined,
      log: { actorId: actor.id, action, targetType: 'paper', targetId: arxivId, reason: reasonOf(reason) },
    };
  });
}

export async function removeComment(deps: ModDeps, actor: SessionUser, commentId: number, reason?: string) {
  return logged(deps, async (tx) => {
    const c = await getComment(tx, commentId);
    if (!c) throw new NotFoundError('This comment does not exist.');
    if (c.status === 'visible') await markCommentRemoved(tx, c.id, c.paperId);
    return {
      result: c,
      log: {
        actorId: actor.id,
        action: 'remove_comment',
        targetType: 'comment',
        targetId: String(c.id),
        reason: reasonOf(reason),
      },
    };
  });
}

export async function setUserSuspended(
  deps: ModDeps,
  actor: SessionUser,
  handle: string,
  suspended: boolean,
  reason?: string,
) {
  return logged(deps, async (tx) => {
    const target = await findUserByHandle(tx, handle);
    if (!target || target.status === 'deleted') throw new NotFoundError(`There is no user @${handle}.`);
    if (target.id === actor.id) throw new ValidationError('You cannot suspend yourself.');
    await setUserStatus(tx, target.id, suspended ? 'suspended' : 'active');
    return {
      result: target,
      log: {
        actorId: actor.id,
        action: suspended ? 'suspend_user' : 'unsuspend_user',
        targetType: 'user',
        targetId: target.handle,
        reason: reasonOf(reason),
      },
    };
  });
}

/**
 * `paperboy admin grant|revoke <email>`: creates the account when needed so its owner can
 * sign in (before the transaction: an account is not a moderation action), then changes
 * the role and logs it together.
 */
export async function setAdminByEmail(deps: ModDeps, email: string, admin: boolean) {
  const { user } = await findOrCreateUserByEmail(deps.db, email, deps.clock.now());
  return logged(deps, async (tx) => {
    await setUserRole(tx, user.id, admin ? 'admin' : 'user');
    return {
      result: user,
      log: {
        actorId: null,
        action: admin ? 'grant_admin' : 'revoke_admin',
        targetType: 'user',
        targetId: user.handle,
        reason: 'command line',
      },
    };
  });
}

/** What the admin page shows: flagged comments and the latest moderation log entries. */
export async function moderationOverview(deps: Pick<ModDeps, 'db'>) {
  const [flagged, log] = await Promise.all([listFlaggedComments(deps.db), listModerationLog(deps.db)]);
  return { flagged, log };
}
