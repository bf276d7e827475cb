import type { AuthorPapers } from '../../papers/authors.repo.ts';
import { CardList, KeyboardHint } from './feed.tsx';
import { plural } from './format.ts';

export function AuthorPage({ author }: { author: AuthorPapers }) {
  const featured = author.papers.filter((p) => p.feedDate).length;
  return (
    <section class="feed" aria-labelledby="author-h">
      <header class="feed-header">
        <div>
          <p class="kicker">Author</p>
          <h1 id="author-h">{author.name}</h1>
          <p class="sub">
            {plural(author.total, 'paper')}
            {featured > 0 && ` · ${featured} featured`} · newest first
          </p>
        </div>
      </header>
      <CardList cards={author.papers} />
      {author.total > author.papers.length && (
        <p class="sub">Showing the {author.papers.length} most recent.</p>
      )}
      {author.papers.length > 1 && <KeyboardHint />}
    </section>
  );
}
