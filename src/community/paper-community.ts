/** What the community adds to a paper page: who upvoted it and its comment threads. */
import type { Config } from '../config.ts';
import type { Db } from '../db/connect.ts';
import type { Clock } from '../shared/clock.ts';
import { listPaperComments } from './comments.repo.ts';
import { buildThreads, type CommentNode } from './comments.ts';
import { listUpvoters } from './votes.repo.ts';

export interface PaperCommunity {
  upvoters: { handle: string; displayName: string }[];
  threads: CommentNode[];
  /** Comments created at or after this instant can still be edited by their authors. */
  editableSince: string;
}

export async function loadPaperCommunity(
  deps: { db: Db; clock: Clock; config: Config },
  paperId: number,
): Promise<PaperCommunity> {
  const [upvoters, comments] = await Promise.all([
    listUpvoters(deps.db, paperId),
    listPaperComments(deps.db, paperId),
  ]);
  const editableSince = new Date(
    deps.clock.now().getTime() - deps.config.COMMENT_EDIT_MINUTES * 60_000,
  ).toISOString();
  return { upvoters, threads: buildThreads(comments), editableSince };
}
