import { hfNameOf, hfProfileUrl } from '../../community/imported-people.ts';
import type { AnnouncementType } from '../../papers/announcements.ts';
import type { PaperCard as Card } from '../../papers/types.ts';
import { AnnouncedAs, FeatureButton, FeaturedMark } from './feature.tsx';
import { formatShortDate, plural } from './format.ts';
import { SaveButton } from './inbox-buttons.tsx';
import { MathText, splitMath } from './math.tsx';
import { UpvoteButton } from './upvote.tsx';

export function paperPath(arxivId: string): string {
  return `/papers/${arxivId}`;
}

export function authorPath(name: string): string {
  return `/authors/${encodeURIComponent(name)}`;
}

export function organizationPath(name: string): string {
  return `/organizations/${encodeURIComponent(name)}`;
}

export function userPath(handle: string): string {
  return `/users/${encodeURIComponent(handle)}`;
}

/** Says a summary is machine-written, and by which model when known: "AI summary · <model>". */
export function AiSummaryLabel({ model }: { model: string | null }) {
  return (
    <span class="ai-label">
      AI summary
      {model && (
        <>
          {' '}
          · <span class="ai-model">{model}</span>
        </>
      )}
    </span>
  );
}

/** Who featured a paper: a member (their profile here) or an imported Hugging Face user (theirs there). */
export function SubmitterLink({ handle }: { handle: string }) {
  const hf = hfNameOf(handle);
  if (hf)
    return (
      <>
        <a href={hfProfileUrl(hf)} rel="noopener nofollow" class="hf-user">
          {hf}
        </a>{' '}
        (Hugging Face)
      </>
    );
  return <a href={userPath(handle)}>@{handle}</a>;
}

/** Cuts text at a word boundary near `max` characters, never inside a formula. */
export function snippet(text: string, max = 300): string {
  if (text.length <= max) return text;
  let limit = max;
  // A formula that straddles the limit is dropped whole rather than cut in half.
  let start = 0;
  for (const part of splitMath(text)) {
    if (part.tex !== undefined && start < max && part.end > max) limit = start;
    start = part.end;
  }
  let cut = text.slice(0, limit);
  const space = cut.lastIndexOf(' ');
  if (limit === max && space > max / 2) cut = cut.slice(0, space);
  return `${cut.replace(/[\s,;:.]+$/, '')}…`;
}

const MAX_AUTHORS = 5;

export function AuthorLine({ authors }: { authors: string[] }) {
  const shown = authors.slice(0, MAX_AUTHORS);
  return (
    <p class="authors">
      {shown.map((a, i) => (
        <>
          {i > 0 && ', '}
          <a href={authorPath(a)}>{a}</a>
        </>
      ))}
      {authors.length > MAX_AUTHORS && <span class="more"> +{authors.length - MAX_AUTHORS} more</span>}
    </p>
  );
}

/**
 * A paper's card. In an arXiv listing (`announced` given) it says how arXiv announced the
 * paper and whether it is featured; a paper not featured yet has a Feature button where
 * the upvote goes (only featured papers take upvotes).
 */
export function PaperCard({
  card,
  showDate,
  announced,
}: {
  card: Card;
  showDate?: boolean;
  announced?: AnnouncementType;
}) {
  const href = paperPath(card.arxivId);
  const date = card.featured?.feedDate ?? card.publishedAt.slice(0, 10);
  const submitter = card.featured?.submitter?.handle;
  return (
    <article class="card" data-arxiv-id={card.arxivId} data-upvotes={card.upvotes}>
      <div class="votes" title={plural(card.upvotes, 'upvote')}>
        {announced && !card.featured ? (
          <FeatureButton arxivId={card.arxivId} />
        ) : (
          <UpvoteButton arxivId={card.arxivId} upvotes={card.upvotes} />
        )}
      </div>
      <div class="card-body">
        <h2 class="card-title">
          <a href={href} class="card-link">
            <MathText text={card.title} />
          </a>
        </h2>
        <AuthorLine authors={card.authors} />
        <p class="abstract">
          {card.aiSummary && (
            <>
              <AiSummaryLabel model={card.aiSummaryModel} />{' '}
            </>
          )}
          <MathText text={snippet(card.aiSummary ?? card.abstract)} />
        </p>
        <div class="meta">
          {announced && <AnnouncedAs type={announced} />}
          {announced && <FeaturedMark card={card} />}
          {showDate !== false && (
            <span>
              <time datetime={date}>{formatShortDate(date)}</time>
            </span>
          )}
          <span>
            <a href={`${href}#comments`}>{plural(card.commentCount, 'comment')}</a>
          </span>
          {card.githubRepo && (
            <span>
              <a href={card.githubRepo} rel="noopener nofollow" class="code-link">
                Code
              </a>
            </span>
          )}
          {card.projectPage && (
            <span>
              <a href={card.projectPage} rel="noopener nofollow">
                Project
              </a>
            </span>
          )}
          {card.organization && (
            <span>
              <a href={organizationPath(card.organization.name)} class="org-link">
                {card.organization.fullname}
              </a>
            </span>
          )}
          {submitter && (
            <span>
              Submitted by <SubmitterLink handle={submitter} />
            </span>
          )}
          <span>
            <SaveButton arxivId={card.arxivId} />
          </span>
        </div>
      </div>
    </article>
  );
}
