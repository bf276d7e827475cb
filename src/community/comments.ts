/** Comment use cases: write, reply, edit within the window, delete, flag, and thread for display. */
import type { Config } from '../config.ts';
import type { Db } from '../db/connect.ts';
import type { Clock } from '../shared/clock.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../shared/errors.ts';
import { cleanText, stripBidi } from '../shared/text.ts';
import {
  type CommentRow,
  deleteComment,
  getComment,
  insertComment,
  insertFlag,
  listPaperComments,
  paperIdOf,
  updateCommentBody,
} from './comments.repo.ts';
import { spend } from './rate-limit.ts';
import { canStillEdit, commentBodyProblem, FLAG_REASON_MAX_CHARS, replyDepth } from './rules.ts';
import type { SessionUser } from './types.ts';
import { findVoteTarget } from './votes.repo.ts';
import { HiddenPaperError } from './votes.ts';

interface CommentDeps {
  db: Db;
  clock: Clock;
  config: Config;
}

export async function postComment(
  deps: CommentDeps,
  user: SessionUser,
  input: { arxivId: string; body: string; parentId?: number },
): Promise<{ id: number; arxivId: string }> {
  await spend(deps, 'comment', user.id);
  const body = cleanText(input.body, 'A comment', { multiline: true });
  const problem = commentBodyProblem(body);
  if (problem) throw new ValidationError(problem);
  const target = await findVoteTarget(deps.db, input.arxivId);
  if (!target) throw new NotFoundError(`arXiv:${input.arxivId} is not in this instance.`);
  if (target.hidden) throw new HiddenPaperError(input.arxivId);
  const paperId = target.paperId;
  let parentId: number | null = null;
  let depth = 0;
  if (input.parentId !== undefined) {
    const parent = await getComment(deps.db, input.parentId);
    if (!parent || parent.paperId !== paperId)
      throw new NotFoundError('The comment you replied to does not exist.');
    if (parent.status !== 'visible') throw new ValidationError('The comment you replied to was deleted.');
    depth = replyDepth(parent.depth);
    // At the depth limit a reply joins its parent's thread instead of nesting further.
    parentId = depth > parent.depth ? parent.id : parent.parentId;
  }
  const id = await insertComment(deps.db, {
    paperId,
    userId: user.id,
    parentId,
    depth,
    body,
    now: deps.clock.now(),
  });
  return { id, arxivId: input.arxivId };
}

async function ownComment(deps: CommentDeps, user: SessionUser, id: number): Promise<CommentRow> {
  const c = await getComment(deps.db, id);
  if (!c || c.status !== 'visible') throw new NotFoundError('This comment does not exist (or was deleted).');
  if (c.userId !== user.id) throw new ForbiddenError('Only its author can change a comment.');
  return c;
}

export async function editComment(deps: CommentDeps, user: SessionUser, id: number, body: string) {
  await spend(deps, 'comment', user.id);
  const c = await ownComment(deps, user, id);
  if (!canStillEdit(c.createdAt, deps.clock.now(), { commentEditMinutes: deps.config.COMMENT_EDIT_MINUTES }))
    throw new ForbiddenError(
      `Comments can be edited for ${deps.config.COMMENT_EDIT_MINUTES} minutes after posting; this one can only be deleted now.`,
    );
  const text = cleanText(body, 'A comment', { multiline: true });
  const problem = commentBodyProblem(text);
  if (problem) throw new ValidationError(problem);
  await updateCommentBody(deps.db, id, text, deps.clock.now());
  return c;
}

export async function removeOwnComment(deps: CommentDeps, user: SessionUser, id: number) {
  const c = await ownComment(deps, user, id);
  await deleteComment(deps.db, id, c.paperId);
  return c;
}

export async function flagComment(deps: CommentDeps, user: SessionUser, id: number, reason: string) {
  await spend(deps, 'comment', user.id);
  const c = await getComment(deps.db, id);
  if (!c || c.status !== 'visible') throw new NotFoundError('This comment does not exist (or was deleted).');
  if (c.userId === user.id) throw new ValidationError('You cannot flag your own comment; delete it instead.');
  const r = stripBidi(cleanText(reason, 'A reason', { multiline: true }))
    .trim()
    .slice(0, FLAG_REASON_MAX_CHARS);
  await insertFlag(deps.db, {
    commentId: id,
    userId: user.id,
    reason: r || 'no reason given',
    now: deps.clock.now(),
  });
  return c;
}

/** Every comment of a paper, oldest first (deleted and removed ones keep their place). */
export async function paperComments(deps: Pick<CommentDeps, 'db'>, arxivId: string): Promise<CommentRow[]> {
  const paperId = await paperIdOf(deps.db, arxivId);
  if (paperId === null) throw new NotFoundError(`Paper ${arxivId} is not indexed on this instance.`);
  return listPaperComments(deps.db, paperId);
}

/**
 * A comment as the API and the MCP server show it: deleted and removed comments keep their
 * place in threads but lose author and text. `body` is the Markdown source, as text.
 */
export function publicComment(c: CommentRow) {
  const visible = c.status === 'visible';
  return {
    id: c.id,
    parentId: c.parentId,
    depth: c.depth,
    status: c.status,
    author: visible && c.authorHandle ? { user: c.authorHandle, fullname: c.authorName } : null,
    body: visible ? c.body : null,
    createdAt: c.createdAt,
    editedAt: c.editedAt,
  };
}

export interface CommentNode extends CommentRow {
  replies: CommentNode[];
}

/** Pure: rows (oldest first) → a forest of threads, each level oldest first. */
export function buildThreads(rows: CommentRow[]): CommentNode[] {
  const byId = new Map<number, CommentNode>();
  for (const r of rows) byId.set(r.id, { ...r, replies: [] });
  const roots: CommentNode[] = [];
  for (const r of rows) {
    const node = byId.get(r.id)!;
    const parent = r.parentId !== null ? byId.get(r.parentId) : undefined;
    (parent ? parent.replies : roots).push(node);
  }
  return roots;
}
