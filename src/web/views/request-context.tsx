/**
 * What views need to know about the request without every route threading it through
 * props: the signed-in user, a CSRF token for forms (generated on first use, so pages
 * without forms set no cookie) and which papers the viewer has upvoted.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { SessionUser } from '../../community/types.ts';

export interface RequestView {
  user: SessionUser | null;
  csrfToken: () => string;
  /** arXiv ids the viewer has upvoted (among those on the page). */
  voted: ReadonlySet<string>;
  /** Upvote buttons report their paper here, so renderPage can look up the viewer's votes. */
  noteVoteTarget: (arxivId: string) => void;
}

export const RequestContext = createContext<RequestView>({
  user: null,
  csrfToken: () => '',
  voted: new Set(),
  noteVoteTarget: () => {},
});

export function useRequestView(): RequestView {
  return useContext(RequestContext);
}

/** The hidden CSRF field every state-changing form carries. */
export function CsrfField() {
  const { csrfToken } = useRequestView();
  return <input type="hidden" name="_csrf" value={csrfToken()} />;
}
