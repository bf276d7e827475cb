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
  voted: ReadonlySet<string>;
}

export const RequestContext = createContext<RequestView>({
  user: null,
  csrfToken: () => '',
  voted: new Set(),
});

export function useRequestView(): RequestView {
  return useContext(RequestContext);
}

/** The hidden CSRF field every state-changing form carries. */
export function CsrfField() {
  const { csrfToken } = useRequestView();
  return <input type="hidden" name="_csrf" value={csrfToken()} />;
}
