import type { ComponentChildren } from 'preact';
import type { AnnouncementType } from '../../papers/announcements.ts';
import type { PaperCard as Card } from '../../papers/types.ts';
import { formatNumber } from './format.ts';
import { PaperCard } from './paper-card.tsx';

export type FeedView = 'day' | 'week' | 'month';

export interface Link {
  href: string;
  label: string;
}

export interface FeedPageProps {
  heading: string;
  subheading?: string;
  cards: Card[];
  prev?: Link | null;
  next?: Link | null;
  /** Day / week / month switcher: the current view and where each view of this period lives. */
  views?: { current: FeedView; day: string; week: string; month: string };
  /** Show each card's feed date (week and month views span several days). */
  showDates?: boolean;
  /** Total papers in the period when only the top ones are listed. */
  total?: number;
  /** Text when there is nothing to show. */
  empty?: string;
  /** Shown under the header, e.g. the email subscribe box on the home page. */
  aside?: ComponentChildren;
  /** An arXiv listing: how each paper was announced (cards then offer Feature). */
  announced?: ReadonlyMap<number, AnnouncementType>;
}

const VIEW_LABELS: Record<FeedView, string> = { day: 'Day', week: 'Week', month: 'Month' };

export function ViewSwitcher({ views }: { views: NonNullable<FeedPageProps['views']> }) {
  return (
    <nav class="views" aria-label="Period">
      {(['day', 'week', 'month'] as const).map((v) => (
        <a href={views[v]} aria-current={views.current === v ? 'page' : undefined}>
          {VIEW_LABELS[v]}
        </a>
      ))}
    </nav>
  );
}

export function Pager({ prev, next, label }: { prev?: Link | null; next?: Link | null; label: string }) {
  if (!prev && !next) return null;
  return (
    <nav class="pager" aria-label={label}>
      {prev ? (
        <a href={prev.href} rel="prev">
          <span aria-hidden="true">←</span> {prev.label}
        </a>
      ) : (
        <span />
      )}
      {next ? (
        <a href={next.href} rel="next">
          {next.label} <span aria-hidden="true">→</span>
        </a>
      ) : (
        <span />
      )}
    </nav>
  );
}

export function KeyboardHint() {
  return (
    <p class="kbd-hint">
      <kbd>j</kbd> / <kbd>k</kbd> next / previous paper · <kbd>o</kbd> open · <kbd>/</kbd> search
    </p>
  );
}

export function CardList({
  cards,
  showDates,
  announced,
}: {
  cards: Card[];
  showDates?: boolean;
  /** How arXiv announced each paper, when the list is an arXiv listing. */
  announced?: ReadonlyMap<number, AnnouncementType>;
}) {
  return (
    <ol class="cards" data-keynav>
      {cards.map((c) => (
        <li key={c.arxivId}>
          <PaperCard card={c} showDate={showDates} announced={announced?.get(c.id)} />
        </li>
      ))}
    </ol>
  );
}

export function FeedPage(props: FeedPageProps) {
  const { heading, subheading, cards, prev, next, views, showDates, total } = props;
  return (
    <section class="feed" aria-labelledby="feed-h">
      <header class="feed-header">
        <div>
          <h1 id="feed-h">{heading}</h1>
          {subheading && <p class="sub">{subheading}</p>}
        </div>
        {views && <ViewSwitcher views={views} />}
      </header>
      {props.aside}
      <Pager prev={prev} next={next} label="Other periods" />
      {cards.length === 0 ? (
        <p class="empty">{props.empty ?? 'No papers were featured here yet.'}</p>
      ) : (
        <>
          {total !== undefined && total > cards.length && (
            <p class="sub">
              The {cards.length} most upvoted of {formatNumber(total)} papers.
            </p>
          )}
          <CardList cards={cards} showDates={showDates} announced={props.announced} />
        </>
      )}
      {cards.length > 8 && <Pager prev={prev} next={next} label="Other periods (bottom)" />}
      {cards.length > 1 && <KeyboardHint />}
    </section>
  );
}
