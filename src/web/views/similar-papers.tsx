/** "Similar papers" on a paper page: nearest by meaning when embedded, else by shared words. */
import type { PaperCard } from '../../papers/types.ts';
import { MathText } from './math.tsx';
import { paperPath } from './paper-card.tsx';

export interface SimilarPapersProps {
  cards: PaperCard[];
  by: 'meaning' | 'words';
}

export function SimilarPapers({ cards, by }: SimilarPapersProps) {
  if (cards.length === 0) return null;
  return (
    <section class="similar-papers" aria-labelledby="similar-h">
      <h2 id="similar-h">Similar papers</h2>
      <p class="sub">
        {by === 'meaning' ? 'Closest in meaning (embeddings).' : 'Sharing the most distinctive words.'}
      </p>
      <ol>
        {cards.map((c) => (
          <li>
            <a href={paperPath(c.arxivId)}>
              <MathText text={c.title} />
            </a>{' '}
            <span class="meta">
              {c.publishedAt.slice(0, 10)} · ▲ {c.upvotes}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
