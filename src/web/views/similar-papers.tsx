/** "Similar papers" on a paper page, each with the words it shares with this paper (why it is listed). */
import type { PaperCard } from '../../papers/types.ts';
import type { SimilarBy } from '../../search/similar.ts';
import { MathText } from './math.tsx';
import { paperPath } from './paper-card.tsx';

export interface SimilarPapersProps {
  cards: PaperCard[];
  by: SimilarBy;
  /** Paper id → the shared words that weigh the most. */
  shared: Map<number, string[]>;
}

const SUBTITLE: Record<SimilarBy, string> = {
  meaning: 'Closest in meaning (embeddings).',
  words: 'Sharing the most distinctive words and phrases.',
  'meaning and words': 'Closest in meaning (embeddings) and sharing the most distinctive words and phrases.',
};

export function SimilarPapers({ cards, by, shared }: SimilarPapersProps) {
  if (cards.length === 0) return null;
  return (
    <section class="similar-papers" aria-labelledby="similar-h">
      <h2 id="similar-h">Similar papers</h2>
      <p class="sub">{SUBTITLE[by]}</p>
      <ol>
        {cards.map((c) => (
          <li>
            <a href={paperPath(c.arxivId)}>
              <MathText text={c.title} />
            </a>{' '}
            <span class="meta">
              {c.publishedAt.slice(0, 10)} · ▲ {c.upvotes}
            </span>
            {shared.get(c.id)?.length ? (
              <span class="meta shared"> · shares: {shared.get(c.id)!.join(', ')}</span>
            ) : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
