import type { AnnouncementType } from '../../papers/announcements.ts';
import type { PaperCard } from '../../papers/types.ts';
import { formatShortDate } from './format.ts';
import { CsrfField, useRequestView } from './request-context.tsx';

const ANNOUNCED_AS: Record<AnnouncementType, string> = {
  new: 'New',
  cross: 'Cross-list',
  replace: 'Replacement',
};

/** How arXiv announced a paper of a listing: new, cross-list or replacement. */
export function AnnouncedAs({ type }: { type: AnnouncementType }) {
  return <span class={`announced announced-${type}`}>{ANNOUNCED_AS[type]}</span>;
}

/** A featured paper's mark: when it was featured. */
export function FeaturedMark({ card }: { card: PaperCard }) {
  if (!card.featured) return null;
  return (
    <span class="featured-mark">
      Featured <time datetime={card.featured.feedDate}>{formatShortDate(card.featured.feedDate)}</time>
    </span>
  );
}

/**
 * One-click "Feature": the submit form's POST with this paper (the submission rules and
 * their messages apply as on /submit); `client/feature.ts` sends it in place. Anonymous
 * readers get a link to sign in.
 */
export function FeatureButton({ arxivId }: { arxivId: string }) {
  const { user } = useRequestView();
  if (!user)
    return (
      <a class="feature-link" href={`/login?next=${encodeURIComponent(`/papers/${arxivId}`)}`}>
        Sign in to feature
      </a>
    );
  return (
    <form class="feature-form" method="post" action="/submit" data-feature="">
      <CsrfField />
      <input type="hidden" name="paper" value={arxivId} />
      <button type="submit" title="Feature this paper on today's feed">
        Feature
      </button>
    </form>
  );
}
