import type { ComponentChildren } from 'preact';
import { assetVersions } from '../bundle.ts';

export interface PageMeta {
  title: string;
  siteName?: string;
  /** Absolute canonical URL. */
  canonical?: string;
  description?: string;
  /** Feeds offered for this page (`<link rel="alternate">` autodiscovery). */
  feeds?: {
    title: string;
    href: string;
    type: 'application/rss+xml' | 'application/atom+xml' | 'application/feed+json';
  }[];
  /** Extra `<meta>` tags, e.g. citation_* on paper pages. */
  metaTags?: { name: string; content: string }[];
  /** Search box value. */
  query?: string;
  /** Current user, when signed in. */
  user?: { handle: string; displayName: string; role: string } | null;
  /** arXiv ids the viewer has upvoted, so upvote buttons show their state. */
  voted?: Iterable<string>;
}

export function Layout({ meta, children }: { meta: PageMeta; children: ComponentChildren }) {
  const site = meta.siteName ?? 'Paperboy';
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{meta.title === site ? site : `${meta.title} · ${site}`}</title>
        {meta.description && <meta name="description" content={meta.description} />}
        {meta.canonical && <link rel="canonical" href={meta.canonical} />}
        {meta.feeds?.map((f) => (
          <link rel="alternate" type={f.type} title={f.title} href={f.href} />
        ))}
        {meta.metaTags?.map((m) => (
          <meta name={m.name} content={m.content} />
        ))}
        <meta name="color-scheme" content="light dark" />
        <link rel="stylesheet" href={`/assets/app.css?v=${assetVersions().css}`} />
        <link rel="icon" href={`/assets/favicon.svg?v=${assetVersions().icon}`} type="image/svg+xml" />
        <script type="module" src={`/assets/app.js?v=${assetVersions().js}`} />
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header class="site-header">
          <nav class="nav" aria-label="Main">
            <a class="brand" href="/">
              <img src={`/assets/favicon.svg?v=${assetVersions().icon}`} alt="" width="20" height="20" />{' '}
              {site}
            </a>
            <a href="/">Daily</a>
            <a href="/papers/week">Weekly</a>
            <a href="/papers/month">Monthly</a>
            <a href="/papers/trending">Trending</a>
            <a href="/papers/new">New on arXiv</a>
            <form class="search" action="/search" method="get" role="search">
              <label class="visually-hidden" for="q">
                Search papers
              </label>
              <input
                id="q"
                name="q"
                type="search"
                placeholder="Search papers…"
                value={meta.query ?? ''}
                autocomplete="off"
                maxLength={250}
              />
            </form>
            <span class="nav-end">
              <a href="/submit">Submit</a>
              {meta.user ? (
                <>
                  {meta.user.role === 'admin' && <a href="/admin">Admin</a>}
                  <a href={`/users/${encodeURIComponent(meta.user.handle)}`}>@{meta.user.handle}</a>
                  <a href="/settings">Settings</a>
                </>
              ) : (
                <a href="/login">Sign in</a>
              )}
            </span>
          </nav>
        </header>
        <main id="main">{children}</main>
        <footer class="site-footer">
          <p>
            {site} is a community feed of new research papers, powered by Paperboy. Paper metadata from{' '}
            <a href="https://arxiv.org">arXiv</a>; thank you to arXiv for use of its open access
            interoperability.
          </p>
        </footer>
      </body>
    </html>
  );
}
