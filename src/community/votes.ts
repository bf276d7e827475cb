/** Upvoting a featured paper: one vote per user, removable; counts recomputed from the rows. */
import type { Db } from '../db/connect.ts';
import type { Clock } from '../shared/clock.ts';
import { NotFoundError, ValidationError } from '../shared/errors.ts';
import { type RateLimitConfig, spend } from './rate-limit.ts';
import type { SessionUser } from './types.ts';
import { findVoteTarget, setVote } from './votes.repo.ts';

export async function vote(
  deps: { db: Db; clock: Clock; config: RateLimitConfig },
  user: SessionUser,
  arxivId: string,
  up: boolean,
): Promise<{ arxivId: string; upvotes: number; voted: boolean }> {
  await spend(deps, 'vote', user.id);
  const target = await findVoteTarget(deps.db, arxivId);
  if (!target) throw new NotFoundError(`arXiv:${arxivId} is not in this instance.`);
  // Removing a vote is always allowed; adding one only on papers featured on the feed.
  if (up && !target.votable)
    throw new ValidationError(
      `arXiv:${arxivId} is not featured on the daily feed, so it cannot be upvoted yet. Submit it first.`,
    );
  const r = await setVote(deps.db, { paperId: target.paperId, userId: user.id, up, now: deps.clock.now() });
  return { arxivId, ...r };
}
