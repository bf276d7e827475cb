import { CsrfField, useRequestView } from './request-context.tsx';

/**
 * The upvote control: a plain form POST (works without JavaScript); the client module
 * `client/upvote.ts` submits it in place. Anonymous readers get a link to sign in.
 */
export function UpvoteButton({ arxivId, upvotes }: { arxivId: string; upvotes: number }) {
  const { user, voted, noteVoteTarget } = useRequestView();
  noteVoteTarget(arxivId);
  const isVoted = voted.has(arxivId);
  if (!user) {
    return (
      <a
        class="vote-link"
        href={`/login?next=${encodeURIComponent(`/papers/${arxivId}`)}`}
        title="Sign in to upvote"
      >
        <span aria-hidden="true" class="arrow">
          ▲
        </span>
        <strong class="vote-count">{upvotes}</strong>
        <span class="visually-hidden"> upvotes (sign in to upvote)</span>
      </a>
    );
  }
  return (
    <form class="vote-form" method="post" action="/votes" data-upvote="">
      <CsrfField />
      <input type="hidden" name="paper" value={arxivId} />
      <input type="hidden" name="action" value={isVoted ? 'down' : 'up'} />
      <button
        type="submit"
        aria-pressed={isVoted ? 'true' : 'false'}
        title={isVoted ? 'Remove your upvote' : 'Upvote'}
      >
        <span aria-hidden="true" class="arrow">
          ▲
        </span>
        <strong class="vote-count">{upvotes}</strong>
        <span class="visually-hidden"> upvotes</span>
      </button>
    </form>
  );
}
