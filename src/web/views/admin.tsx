/** /admin: flagged comments waiting for a decision, and the append-only moderation log. */
import type { CommentRow } from '../../community/comments.repo.ts';
import { renderCommentMarkdown } from '../../community/markdown.ts';
import type { ModerationEntry } from '../../community/moderation.repo.ts';
import { CsrfField } from './request-context.tsx';

export function AdminPage({
  flagged,
  log,
}: {
  flagged: (CommentRow & { flagReasons: { handle: string; reason: string }[] })[];
  log: ModerationEntry[];
}) {
  return (
    <section class="admin" aria-labelledby="admin-h">
      <h1 id="admin-h">Moderation</h1>
      <p>
        Hide papers and remove comments from their pages; suspend members from their profiles. Email delivery:{' '}
        <a href="/admin/digest">/admin/digest</a>.
      </p>
      <h2>Flagged comments ({flagged.length})</h2>
      {flagged.length === 0 ? (
        <p class="empty">Nothing is flagged.</p>
      ) : (
        <ol class="comment-list">
          {flagged.map((c) => (
            <li class="comment">
              <p class="comment-meta">
                <span class="badge">{c.flags === 1 ? '1 flag' : `${c.flags} flags`}</span>
                {c.authorHandle ? (
                  <a href={`/users/${encodeURIComponent(c.authorHandle)}`}>@{c.authorHandle}</a>
                ) : (
                  'deleted user'
                )}
                <a href={`/papers/${c.arxivId}#comment-${c.id}`}>on arXiv:{c.arxivId}</a>
              </p>
              <ul class="flag-reasons">
                {c.flagReasons.map((f) => (
                  <li>
                    @{f.handle}: {f.reason}
                  </li>
                ))}
              </ul>
              {/* Sanitised by renderCommentMarkdown. */}
              <div class="comment-body" dangerouslySetInnerHTML={{ __html: renderCommentMarkdown(c.body) }} />
              <form method="post" action={`/admin/comments/${c.id}/remove`} class="inline">
                <CsrfField />
                <label for={`reason-${c.id}`}>Reason</label>{' '}
                <input id={`reason-${c.id}`} name="reason" maxLength={500} />{' '}
                <button type="submit" class="button danger">
                  Remove comment
                </button>
              </form>
            </li>
          ))}
        </ol>
      )}
      <h2>Moderation log</h2>
      <p class="muted">Append-only: entries cannot be edited or deleted, even in the database.</p>
      <table class="log-table">
        <thead>
          <tr>
            <th>When (UTC)</th>
            <th>Who</th>
            <th>Action</th>
            <th>Target</th>
            <th>Reason</th>
          </tr>
        </thead>
        <tbody>
          {log.map((e) => (
            <tr>
              <td>
                <time datetime={e.createdAt}>{e.createdAt.slice(0, 16).replace('T', ' ')}</time>
              </td>
              <td>{e.actorHandle ? `@${e.actorHandle}` : 'command line'}</td>
              <td>{e.action.replaceAll('_', ' ')}</td>
              <td>
                {e.targetType === 'paper' ? (
                  <a href={`/papers/${e.targetId}`}>arXiv:{e.targetId}</a>
                ) : e.targetType === 'user' ? (
                  <a href={`/users/${encodeURIComponent(e.targetId)}`}>@{e.targetId}</a>
                ) : (
                  `comment #${e.targetId}`
                )}
              </td>
              <td>{e.reason ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The admin's control on a paper page: hide the paper from the feed, or show it again. */
export function HidePaperForm({ arxivId, hidden }: { arxivId: string; hidden: boolean }) {
  return (
    <form method="post" action={`/admin/papers/hide`} class="inline admin-control">
      <CsrfField />
      <input type="hidden" name="paper" value={arxivId} />
      <input type="hidden" name="hide" value={hidden ? '0' : '1'} />
      <label for="hide-reason">Reason</label> <input id="hide-reason" name="reason" maxLength={500} />{' '}
      <button type="submit" class="button danger">
        {hidden ? 'Show on the feed again' : 'Hide from the feed'}
      </button>
    </form>
  );
}
