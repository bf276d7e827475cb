/** /users/{handle}: a member's submissions, upvotes and comments; moderation controls for admins. */
import type { CommentRow } from '../../community/comments.repo.ts';
import { renderCommentMarkdown } from '../../community/markdown.ts';
import type { SessionUser } from '../../community/types.ts';
import type { PaperCard } from '../../papers/types.ts';
import { CardList } from './feed.tsx';
import { FollowButton } from './inbox-buttons.tsx';
import { CsrfField, useRequestView } from './request-context.tsx';

export interface ProfileProps {
  user: SessionUser;
  joinedAt: string | null;
  submitted: PaperCard[];
  upvoted: PaperCard[];
  comments: (CommentRow & { paperTitle: string })[];
}

export function ProfilePage(p: ProfileProps) {
  const viewer = useRequestView().user;
  const isAdminViewer = viewer?.role === 'admin' && viewer.id !== p.user.id;
  return (
    <section class="profile" aria-labelledby="profile-h">
      <header class="feed-header">
        <div>
          <h1 id="profile-h">{p.user.displayName}</h1>
          <p class="sub">
            @{p.user.handle}
            {p.user.role === 'admin' && <span class="badge">admin</span>}
            {p.user.status === 'suspended' && <span class="badge">suspended</span>}
            {p.joinedAt && <> · joined {p.joinedAt.slice(0, 10)}</>}
          </p>
        </div>
        {viewer?.id !== p.user.id && (
          <FollowButton
            kind="user"
            value={p.user.handle}
            what={`@${p.user.handle}`}
            page={`/users/${encodeURIComponent(p.user.handle)}`}
          />
        )}
      </header>
      {isAdminViewer && (
        <form
          method="post"
          action={`/admin/users/${encodeURIComponent(p.user.handle)}/suspend`}
          class="inline"
        >
          <CsrfField />
          <input type="hidden" name="suspend" value={p.user.status === 'suspended' ? '0' : '1'} />
          <label for="suspend-reason">Reason</label>{' '}
          <input id="suspend-reason" name="reason" maxLength={500} />{' '}
          <button type="submit" class="button danger">
            {p.user.status === 'suspended' ? 'Lift suspension' : 'Suspend this user'}
          </button>
        </form>
      )}
      <h2>Submitted papers ({p.submitted.length})</h2>
      {p.submitted.length ? (
        <CardList cards={p.submitted} showDates />
      ) : (
        <p class="empty">No submissions yet.</p>
      )}
      <h2>Upvoted papers ({p.upvoted.length})</h2>
      {p.upvoted.length ? <CardList cards={p.upvoted} showDates /> : <p class="empty">No upvotes yet.</p>}
      <h2>Comments ({p.comments.length})</h2>
      {p.comments.length === 0 ? (
        <p class="empty">No comments yet.</p>
      ) : (
        <ol class="comment-list">
          {p.comments.map((c) => (
            <li class="comment">
              <p class="comment-meta">
                on <a href={`/papers/${c.arxivId}#comment-${c.id}`}>{c.paperTitle}</a>{' '}
                <time class="muted" datetime={c.createdAt}>
                  {c.createdAt.slice(0, 10)}
                </time>
              </p>
              {/* Sanitised by renderCommentMarkdown (raw HTML off, allow-listed output). */}
              <div class="comment-body" dangerouslySetInnerHTML={{ __html: renderCommentMarkdown(c.body) }} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
