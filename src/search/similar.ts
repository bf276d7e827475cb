/** "Similar papers" for a paper page: nearest by embedding when it has one, else by words. */
import type { Db } from '../db/connect.ts';
import { loadCards } from '../papers/cards.repo.ts';
import type { PaperCard } from '../papers/types.ts';
import type { ColumnWeights } from './lexical.repo.ts';
import { similarPapers } from './semantic.ts';
import { papersLike } from './similar.repo.ts';

export async function findSimilarPapers(
  deps: { db: Db; columnWeights: ColumnWeights; vectorOversample?: number },
  paper: { id: number; title: string; abstract: string },
  k = 6,
): Promise<{ cards: PaperCard[]; by: 'meaning' | 'words' }> {
  const near = await similarPapers(deps.db, paper.id, k, deps.vectorOversample).catch(() => []);
  if (near.length > 0)
    return {
      cards: await loadCards(
        deps.db,
        near.map((c) => c.id),
      ),
      by: 'meaning',
    };
  const like = await papersLike(deps.db, paper, k, deps.columnWeights);
  return {
    cards: await loadCards(
      deps.db,
      like.map((c) => c.id),
    ),
    by: 'words',
  };
}
