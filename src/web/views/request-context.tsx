/**
 * What views need to know about the request without every route threading it through
 * props: the signed-in user, their session's CSRF token for forms (none for anonymous
 * visitors, whose pages are identical for everyone) and which papers the viewer has upvoted.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { SessionUser } from '../../community/types.ts';

export interface RequestView {
  user: SessionUser | null;
  /** The session's CSRF token; '' without a session. */
  csrfToken: string;
  /** arXiv ids the viewer has upvoted (among those on the page). */
  voted: ReadonlySet<string>;
  /** Upvote and Save buttons report their paper here, so renderPage can look up the viewer's votes and saves. */
  noteVoteTarget: (arxivId: string) => void;
  /** arXiv ids the viewer has saved (among those on the page). */
  saved: ReadonlySet<string>;
  /** The viewer's follows as `followKey`s, when the page has a Follow button. */
  follows: ReadonlySet<string>;
  /** Follow buttons say they are there, so renderPage looks up the viewer's follows. */
  noteFollowButton: () => void;
}

export const RequestContext = createContext<RequestView>({
  user: null,
  csrfToken: '',
  voted: new Set(),
  noteVoteTarget: () => {},
  saved: new Set(),
  follows: new Set(),
  noteFollowButton: () => {},
});

export function useRequestView(): RequestView {
  return useContext(RequestContext);
}

/** The hidden CSRF field of every state-changing form; nothing for anonymous visitors (no session to forge). */
export function CsrfField() {
  const { csrfToken } = useRequestView();
  return csrfToken ? <input type="hidden" name="_csrf" value={csrfToken} /> : null;
}
