/**
 * Save and Follow: one click each, as plain form posts that work without JavaScript
 * (`/inbox/save`, `/inbox/follow`, redirecting back); `client/inbox.ts` sends them in
 * place and flips the button. A toggle form names its two states on its hidden input
 * (`data-set` / `data-clear`) and its button's two labels (`data-set-label` /
 * `data-clear-label`). Anonymous readers get a link to sign in, so anonymous pages stay
 * identical for everyone.
 */
import { followKey, followTarget } from '../../inbox/inbox.ts';
import { CsrfField, useRequestView } from './request-context.tsx';

function SignInLink({ next, label, title }: { next: string; label: string; title: string }) {
  return (
    <a class="inbox-link" href={`/login?next=${encodeURIComponent(next)}`} title={title}>
      {label}
    </a>
  );
}

export function Toggle({
  action,
  field,
  values,
  labels,
  on,
  children,
}: {
  action: string;
  field: string;
  values: [set: string, clear: string];
  labels: [set: string, clear: string];
  on: boolean;
  children?: preact.ComponentChildren;
}) {
  return (
    <form method="post" action={action} class="inline toggle" data-toggle="">
      <CsrfField />
      {children}
      <input
        type="hidden"
        name={field}
        value={on ? values[1] : values[0]}
        data-set={values[0]}
        data-clear={values[1]}
      />
      <button
        type="submit"
        aria-pressed={on ? 'true' : 'false'}
        data-set-label={labels[0]}
        data-clear-label={labels[1]}
      >
        {on ? labels[1] : labels[0]}
      </button>
    </form>
  );
}

/** Save a paper to the library (unfiled; the library page files it), or remove it. */
export function SaveButton({ arxivId }: { arxivId: string }) {
  const { user, saved, noteVoteTarget } = useRequestView();
  noteVoteTarget(arxivId);
  if (!user) return <SignInLink next={`/papers/${arxivId}`} label="Save" title="Sign in to save papers" />;
  return (
    <Toggle
      action="/inbox/save"
      field="action"
      values={['save', 'unsave']}
      labels={['Save', 'Saved ✓']}
      on={saved.has(arxivId)}
    >
      <input type="hidden" name="paper" value={arxivId} />
    </Toggle>
  );
}

/** On a paper's page: save it into a folder, named (an existing one, or a new one made now). */
export function SaveToFolder({ arxivId }: { arxivId: string }) {
  const { user } = useRequestView();
  if (!user) return null;
  return (
    <form method="post" action="/inbox/save" class="save-to-folder">
      <CsrfField />
      <input type="hidden" name="paper" value={arxivId} />
      <label>
        Folder <input name="newFolder" maxLength={80} required placeholder="e.g. Reading group" />
      </label>{' '}
      <button type="submit">Save to folder</button>
    </form>
  );
}

/** Follow an author, category, member, search or organisation (kinds of inbox/follows). */
export function FollowButton({
  kind,
  value,
  what,
  page,
}: {
  kind: string;
  value: string;
  /** How the button names what it follows ("this author"). */
  what: string;
  /** The page it is on: where signing in comes back to. */
  page: string;
}) {
  const { user, follows, noteFollowButton } = useRequestView();
  let f: ReturnType<typeof followTarget>;
  try {
    f = followTarget(kind, value);
  } catch {
    return null; // not followable (a search too long to keep, say)
  }
  noteFollowButton();
  if (!user) return <SignInLink next={page} label={`Follow ${what}`} title="Sign in to follow" />;
  return (
    <Toggle
      action="/inbox/follow"
      field="action"
      values={['follow', 'unfollow']}
      labels={[`Follow ${what}`, `Following ${what} ✓`]}
      on={follows.has(followKey(f.kind, f.target))}
    >
      <input type="hidden" name="kind" value={kind} />
      <input type="hidden" name="value" value={value} />
    </Toggle>
  );
}
