/** Sign-in, sign-in confirmation and settings pages. */
import type { SessionUser } from '../../community/types.ts';
import { CsrfField } from './request-context.tsx';

export function LoginPage({ next, email, problem }: { next: string; email?: string; problem?: string }) {
  return (
    <section class="form-page">
      <h1>Sign in</h1>
      <p>No password: we email you a link that signs you in. New here? The same link creates your account.</p>
      {problem && (
        <p class="notice error" role="alert">
          {problem}
        </p>
      )}
      <form method="post" action="/login" class="stack">
        <CsrfField />
        <input type="hidden" name="next" value={next} />
        <label for="email">Email address</label>
        <input
          id="email"
          name="email"
          type="email"
          required
          maxLength={254}
          autocomplete="email"
          value={email ?? ''}
        />
        <button type="submit" class="button primary">
          Email me a sign-in link
        </button>
      </form>
    </section>
  );
}

export function CheckEmailPage({ email, minutes }: { email: string; minutes: number }) {
  return (
    <section class="form-page">
      <h1>Check your email</h1>
      <p class="notice" role="status">
        If <strong>{email}</strong> can sign in here, a sign-in link is on its way. It works once, for{' '}
        {minutes} minutes.
      </p>
      <p>
        Nothing arrived? Check your spam folder, or <a href="/login">ask for another link</a>.
      </p>
    </section>
  );
}

/**
 * Opening a link shows this button instead of signing in at once: mail scanners that
 * prefetch links would otherwise use them up before the person clicks.
 */
export function VerifyPage({ token, next }: { token: string; next: string }) {
  return (
    <section class="form-page">
      <h1>Sign in</h1>
      <form method="post" action="/login/verify" class="stack">
        <CsrfField />
        <input type="hidden" name="token" value={token} />
        <input type="hidden" name="next" value={next} />
        <button type="submit" class="button primary">
          Continue and sign in
        </button>
      </form>
    </section>
  );
}

export function SettingsPage({
  user,
  sessions,
  welcome,
  problem,
  saved,
}: {
  user: SessionUser;
  sessions: number;
  welcome: boolean;
  problem?: string;
  saved?: boolean;
}) {
  return (
    <section class="form-page">
      <h1>{welcome ? 'Welcome! Choose your name' : 'Settings'}</h1>
      {welcome && <p>You are signed in. This is how others will see you; you can change it any time.</p>}
      {problem && (
        <p class="notice error" role="alert">
          {problem}
        </p>
      )}
      {saved && (
        <p class="notice" role="status">
          Saved.
        </p>
      )}
      <form method="post" action="/settings/profile" class="stack">
        <CsrfField />
        <label for="display_name">Display name</label>
        <input id="display_name" name="display_name" required maxLength={60} value={user.displayName} />
        <label for="handle">Handle</label>
        <input
          id="handle"
          name="handle"
          required
          maxLength={30}
          pattern="[a-z0-9][a-z0-9_\-]{1,29}"
          value={user.handle}
          aria-describedby="handle-help"
        />
        <small id="handle-help">
          Your profile lives at /users/your-handle: lower-case letters, digits, - and _.
        </small>
        <button type="submit" class="button primary">
          Save
        </button>
      </form>

      <h2>Email</h2>
      <p>
        Get the top papers by email, daily or weekly, or alerts for a search:{' '}
        <a href="/digest">email subscriptions</a>. Your account's address starts at once, with no confirmation
        email.
      </p>

      <h2>Signed-in devices</h2>
      <p>
        You are signed in on {sessions} {sessions === 1 ? 'device' : 'devices'}.
      </p>
      <div class="button-row">
        <form method="post" action="/logout">
          <CsrfField />
          <button type="submit" class="button">
            Sign out
          </button>
        </form>
        <form method="post" action="/logout/everywhere">
          <CsrfField />
          <label>
            <input type="checkbox" name="revoke_tokens" value="1" /> also revoke my API tokens
          </label>
          <button type="submit" class="button">
            Sign out everywhere
          </button>
        </form>
      </div>

      <h2>Delete your account</h2>
      <p>
        Deleting removes your email, name, handle, sessions and upvotes. Your comments and submissions stay,
        shown as by a deleted user. This cannot be undone.
      </p>
      <form method="post" action="/settings/delete" class="stack">
        <CsrfField />
        <label for="confirm">
          Type your handle (<code>{user.handle}</code>) to confirm
        </label>
        <input id="confirm" name="confirm" required autocomplete="off" />
        <button type="submit" class="button danger">
          Delete my account
        </button>
      </form>
    </section>
  );
}
