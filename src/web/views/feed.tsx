import type { FeedCard } from '../../feed/feed.repo.ts';
import { PaperCard } from './paper-card.tsx';

export interface FeedPageProps {
  heading: string;
  subheading?: string;
  cards: FeedCard[];
  prev?: { href: string; label: string } | null;
  next?: { href: string; label: string } | null;
}

export function FeedPage({ heading, subheading, cards, prev, next }: FeedPageProps) {
  return (
    <section class="feed">
      <header class="feed-header">
        <div>
          <h1>{heading}</h1>
          {subheading && <p class="sub">{subheading}</p>}
        </div>
        <nav class="pager" aria-label="Other days">
          {prev ? (
            <a href={prev.href} rel="prev">
              ← {prev.label}
            </a>
          ) : (
            <span />
          )}
          {next ? (
            <a href={next.href} rel="next">
              {next.label} →
            </a>
          ) : (
            <span />
          )}
        </nav>
      </header>
      {cards.length === 0 ? (
        <p class="empty">No papers were featured here yet.</p>
      ) : (
        <ol class="cards">
          {cards.map((c) => (
            <li>
              <PaperCard card={c} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
