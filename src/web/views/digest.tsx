/**
 * Pages of the email subscription flow. Every state-changing step is a POST form (a link
 * only shows the button), so mail scanners that open links change nothing.
 */
import type { ComponentChildren } from 'preact';
import { CsrfField, useRequestView } from './request-context.tsx';

export interface SubscribeDefaults {
  email?: string;
  kind?: 'daily' | 'weekly' | 'alert';
  /** The saved search of an alert. */
  query?: string;
  categories?: string;
  keywords?: string;
}

/** The compact box on the feed: address and frequency, filters on the full page. */
export function SubscribeBox({ siteName }: { siteName: string }) {
  return (
    <section class="subscribe-box" aria-labelledby="subscribe-h">
      <h2 id="subscribe-h">Get the top papers in your inbox</h2>
      <form class="subscribe-inline" method="post" action="/digest/subscribe">
        <CsrfField />
        <label class="visually-hidden" for="subscribe-email">
          Email address
        </label>
        <input
          id="subscribe-email"
          name="email"
          type="email"
          required
          placeholder="you@lab.example"
          autocomplete="email"
          maxLength={254}
        />
        <label class="visually-hidden" for="subscribe-kind">
          How often
        </label>
        <select id="subscribe-kind" name="kind">
          <option value="daily">Daily (weekdays)</option>
          <option value="weekly">Weekly</option>
        </select>
        <button class="button primary" type="submit">
          Subscribe
        </button>
      </form>
      <p class="sub">
        The most upvoted papers on {siteName}, one email, unsubscribe in one click.{' '}
        <a href="/digest">Narrow it to categories or keywords</a>.
      </p>
    </section>
  );
}

export function SubscribePage({
  siteName,
  defaults = {},
  error,
}: {
  siteName: string;
  defaults?: SubscribeDefaults;
  error?: string;
}) {
  // A form sent back with a problem keeps its address; otherwise both show the account's.
  const emailFor = (form: 'digest' | 'alert') =>
    defaults.kind === undefined || (form === 'alert') === (defaults.kind === 'alert')
      ? (defaults.email ?? '')
      : '';
  return (
    <section class="digest-page" aria-labelledby="digest-h">
      <h1 id="digest-h">Papers by email</h1>
      <p>
        The most upvoted papers of {siteName}, in your inbox: every weekday morning, or once a week. We send a
        confirmation link first; nothing else arrives until you use it. Every email has a one-click
        unsubscribe link.
      </p>
      {error && (
        <p class="notice error" role="alert">
          {error}
        </p>
      )}
      <form class="stack" method="post" action="/digest/subscribe">
        <CsrfField />
        <label for="email">Email address</label>
        <input
          id="email"
          name="email"
          type="email"
          required
          autocomplete="email"
          maxLength={254}
          value={emailFor('digest')}
        />
        <fieldset class="stack-plain">
          <legend>How often</legend>
          <label>
            <input type="radio" name="kind" value="daily" checked={defaults.kind !== 'weekly'} /> Daily, on
            weekday mornings: the top papers of the previous day
          </label>
          <label>
            <input type="radio" name="kind" value="weekly" checked={defaults.kind === 'weekly'} /> Weekly, on
            Monday mornings: the top papers of the past week
          </label>
        </fieldset>
        {useRequestView().user && (
          <fieldset class="stack-plain">
            <legend>Which papers</legend>
            <label>
              <input type="radio" name="list" value="top" checked /> The most upvoted
            </label>
            <label>
              <input type="radio" name="list" value="for-you" /> My For You list (ranked for me; your
              account's address)
            </label>
            <label>
              <input type="radio" name="list" value="following" /> My Following list (new papers of what I
              follow)
            </label>
          </fieldset>
        )}
        <label for="categories">Only these arXiv categories (optional)</label>
        <input
          id="categories"
          name="categories"
          placeholder="cs.CL cs.LG"
          maxLength={200}
          value={defaults.categories ?? ''}
        />
        <label for="keywords">Only papers mentioning one of these keywords (optional, comma-separated)</label>
        <input
          id="keywords"
          name="keywords"
          placeholder="diffusion, retrieval"
          maxLength={300}
          value={defaults.keywords ?? ''}
        />
        <button class="button primary" type="submit">
          Subscribe
        </button>
      </form>
      <h2 id="alert">Alerts for a search</h2>
      <p>
        Get the new papers matching a search as they arrive: one email after each day's new papers, only when
        there are new matches. The search language is the one of the <a href="/search">search page</a>.
      </p>
      <form class="stack" method="post" action="/digest/subscribe">
        <CsrfField />
        <input type="hidden" name="kind" value="alert" />
        <label for="alert-email">Email address</label>
        <input
          id="alert-email"
          name="email"
          type="email"
          required
          autocomplete="email"
          maxLength={254}
          value={emailFor('alert')}
        />
        <label for="alert-q">Search</label>
        <input
          id="alert-q"
          name="q"
          required
          maxLength={250}
          placeholder='"retrieval augmented" cat:cs.CL'
          value={defaults.query ?? ''}
        />
        <button class="button primary" type="submit">
          Create alert
        </button>
      </form>
    </section>
  );
}

/** A message, optionally with one POST button (confirm, unsubscribe, resubscribe). */
export function DigestNotice({
  title,
  children,
  action,
}: {
  title: string;
  children: ComponentChildren;
  action?: { href: string; label: string; token?: string; primary?: boolean };
}) {
  return (
    <section class="digest-page" aria-labelledby="digest-h">
      <h1 id="digest-h">{title}</h1>
      {children}
      {action && (
        <form method="post" action={action.href}>
          {action.token && <input type="hidden" name="token" value={action.token} />}
          <button class={action.primary === false ? 'button' : 'button primary'} type="submit">
            {action.label}
          </button>
        </form>
      )}
    </section>
  );
}
