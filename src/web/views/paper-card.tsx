import type { FeedCard } from '../../feed/feed.repo.ts';
import { MathText } from './math.tsx';

export function paperPath(arxivId: string): string {
  return `/papers/${arxivId}`;
}

export function snippet(text: string, max = 300): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 0 ? cut.lastIndexOf(' ') : max)}…`;
}

export function PaperCard({ card, rank }: { card: FeedCard; rank?: number }) {
  const authors = card.authorsText.split(', ');
  return (
    <article class="card" data-arxiv-id={card.arxivId} data-upvotes={card.upvotes}>
      <div class="votes">
        <span aria-hidden="true">▲</span>
        <strong>{card.upvotes}</strong>
        <span class="visually-hidden"> upvotes</span>
      </div>
      <div class="card-body">
        <h2 class="card-title">
          {rank !== undefined && <span class="rank">{rank}.</span>}
          <a href={paperPath(card.arxivId)}>
            <MathText text={card.title} />
          </a>
        </h2>
        <p class="authors">
          {authors.slice(0, 6).join(', ')}
          {authors.length > 6 && ` and ${authors.length - 6} more`}
        </p>
        <p class="abstract">
          <MathText text={snippet(card.aiSummary ?? card.abstract)} />
        </p>
        <p class="meta">
          <span>arXiv:{card.arxivId}</span>
          <span>
            <a href={`${paperPath(card.arxivId)}#comments`}>
              {card.commentCount} {card.commentCount === 1 ? 'comment' : 'comments'}
            </a>
          </span>
          {card.githubRepo && (
            <span>
              <a href={card.githubRepo} rel="noopener nofollow">
                Code
              </a>
            </span>
          )}
          {card.submitterHandle && (
            <span>
              Submitted by{' '}
              <a href={`/users/${encodeURIComponent(card.submitterHandle)}`}>@{card.submitterHandle}</a>
            </span>
          )}
        </p>
      </div>
    </article>
  );
}
