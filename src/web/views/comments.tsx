/**
 * The community part of a paper page: upvoters and threaded comments with their forms.
 * Every form is plain HTML (reply / edit live in <details>), so all of it works without JS.
 */
import type { CommentNode } from '../../community/comments.ts';
import { renderCommentMarkdown } from '../../community/markdown.ts';
import { COMMENT_MAX_CHARS } from '../../community/rules.ts';
import { HidePaperForm } from './admin.tsx';
import { CsrfField, useRequestView } from './request-context.tsx';

export interface PaperCommunityProps {
  arxivId: string;
  upvoters: { handle: string; displayName: string }[];
  upvotes: number;
  threads: CommentNode[];
  commentCount: number;
  /** Instant before which a comment can no longer be edited (now − edit window). */
  editableSince: string;
  /** Whether the paper is on the feed, and hidden there by a moderator. */
  featured?: { hidden: boolean } | null;
}

export function userPath(handle: string) {
  return `/users/${encodeURIComponent(handle)}`;
}

export function PaperCommunity(p: PaperCommunityProps) {
  const { user } = useRequestView();
  const local = p.upvoters.length;
  return (
    <>
      {user?.role === 'admin' && p.featured && (
        <HidePaperForm arxivId={p.arxivId} hidden={p.featured.hidden} />
      )}
      <section aria-labelledby="upvoters-h" class="upvoters">
        <h2 id="upvoters-h">Upvoted by</h2>
        {local === 0 ? (
          <p class="muted">
            {p.upvotes > 0 ? 'No upvotes from members of this instance yet.' : 'No upvotes yet.'}
          </p>
        ) : (
          <ul class="inline-list">
            {p.upvoters.map((u) => (
              <li>
                <a href={userPath(u.handle)} title={u.displayName}>
                  @{u.handle}
                </a>
              </li>
            ))}
          </ul>
        )}
        {p.upvotes > local && local > 0 && (
          <p class="muted">…and {p.upvotes - local} counted elsewhere before import.</p>
        )}
      </section>
      <section aria-labelledby="comments-h" id="comments" class="comments">
        <h2 id="comments-h">
          {p.commentCount} {p.commentCount === 1 ? 'comment' : 'comments'}
        </h2>
        {user ? (
          <CommentForm arxivId={p.arxivId} label="Add a comment" />
        ) : (
          <p>
            <a href={`/login?next=${encodeURIComponent(`/papers/${p.arxivId}#comments`)}`}>Sign in</a> to
            comment.
          </p>
        )}
        <ol class="comment-list">
          {p.threads.map((c) => (
            <CommentItem c={c} arxivId={p.arxivId} editableSince={p.editableSince} />
          ))}
        </ol>
      </section>
    </>
  );
}

function CommentForm({ arxivId, parentId, label }: { arxivId: string; parentId?: number; label: string }) {
  const id = parentId ? `reply-${parentId}` : 'comment-body';
  return (
    <form method="post" action="/comments" class="comment-form stack">
      <CsrfField />
      <input type="hidden" name="paper" value={arxivId} />
      {parentId && <input type="hidden" name="parent" value={String(parentId)} />}
      <label for={id}>{label}</label>
      <textarea id={id} name="body" required rows={parentId ? 3 : 4} maxLength={COMMENT_MAX_CHARS} />
      <small>Markdown: **bold**, _italic_, `code`, [links](https://…), lists and quotes.</small>
      <button type="submit" class="button primary">
        {parentId ? 'Reply' : 'Comment'}
      </button>
    </form>
  );
}

function CommentItem({
  c,
  arxivId,
  editableSince,
}: {
  c: CommentNode;
  arxivId: string;
  editableSince: string;
}) {
  const { user } = useRequestView();
  const mine = !!user && c.userId === user.id;
  const admin = user?.role === 'admin';
  const visible = c.status === 'visible';
  return (
    <li class="comment" id={`comment-${c.id}`}>
      <article>
        <header class="comment-meta">
          {visible && c.authorHandle ? (
            <a href={userPath(c.authorHandle)} class="comment-author">
              {c.authorName ?? c.authorHandle} <span class="muted">@{c.authorHandle}</span>
            </a>
          ) : visible ? (
            <span class="muted">deleted user</span>
          ) : null}
          <a href={`#comment-${c.id}`} class="muted">
            <time datetime={c.createdAt}>{c.createdAt.slice(0, 16).replace('T', ' ')} UTC</time>
          </a>
          {c.editedAt && visible && <span class="muted">(edited)</span>}
          {admin && c.flags > 0 && <span class="badge">{c.flags} flags</span>}
        </header>
        {visible ? (
          // Sanitised by renderCommentMarkdown: raw HTML is off and the output is allow-listed.
          <div class="comment-body" dangerouslySetInnerHTML={{ __html: renderCommentMarkdown(c.body) }} />
        ) : (
          <p class="comment-body muted">
            {c.status === 'removed' ? '[removed by a moderator]' : '[deleted by its author]'}
          </p>
        )}
        {visible && user && (
          <div class="comment-actions">
            <details>
              <summary>Reply</summary>
              <CommentForm arxivId={arxivId} parentId={c.id} label="Your reply" />
            </details>
            {mine && c.createdAt >= editableSince && (
              <details>
                <summary>Edit</summary>
                <form method="post" action={`/comments/${c.id}/edit`} class="stack">
                  <CsrfField />
                  <label for={`edit-${c.id}`}>Edit your comment</label>
                  <textarea id={`edit-${c.id}`} name="body" required rows={4} maxLength={COMMENT_MAX_CHARS}>
                    {c.body}
                  </textarea>
                  <button type="submit" class="button">
                    Save
                  </button>
                </form>
              </details>
            )}
            {mine && (
              <form method="post" action={`/comments/${c.id}/delete`} class="inline">
                <CsrfField />
                <button type="submit" class="link-button">
                  Delete
                </button>
              </form>
            )}
            {!mine && (
              <details>
                <summary>Flag</summary>
                <form method="post" action={`/comments/${c.id}/flag`} class="stack">
                  <CsrfField />
                  <label for={`flag-${c.id}`}>What is wrong with this comment?</label>
                  <input id={`flag-${c.id}`} name="reason" maxLength={300} />
                  <button type="submit" class="button">
                    Flag for moderators
                  </button>
                </form>
              </details>
            )}
            {admin && (
              <form method="post" action={`/admin/comments/${c.id}/remove`} class="inline">
                <CsrfField />
                <input type="hidden" name="reason" value="" />
                <button type="submit" class="link-button danger">
                  Remove
                </button>
              </form>
            )}
          </div>
        )}
      </article>
      {c.replies.length > 0 && (
        <ol class="comment-list replies">
          {c.replies.map((r) => (
            <CommentItem c={r} arxivId={arxivId} editableSince={editableSince} />
          ))}
        </ol>
      )}
    </li>
  );
}
