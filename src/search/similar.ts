/**
 * "Similar papers" (paper page and `GET /api/papers/{id}/similar`): nearest by embedding
 * when the paper has one, else by its most distinctive words (`similar.repo.ts`, chosen
 * by `paperboy eval similar`). Never the paper itself, never a paper moderators hid.
 */
import type { Db } from '../db/connect.ts';
import { loadCards } from '../papers/cards.repo.ts';
import type { PaperCard } from '../papers/types.ts';
import type { ColumnWeights } from './lexical.repo.ts';
import { similarPapers } from './semantic.ts';
import { hiddenAmong, type PaperText, papersLike, paperTextByArxivId } from './similar.repo.ts';

export interface SimilarDeps {
  db: Db;
  columnWeights: ColumnWeights;
  vectorOversample?: number;
}

export interface SimilarPapers {
  cards: PaperCard[];
  by: 'meaning' | 'words';
}

/** Most similar papers first; `k` at most. */
export async function findSimilarPapers(deps: SimilarDeps, paper: PaperText, k = 6): Promise<SimilarPapers> {
  // Hidden papers are dropped afterwards on this path: ask for a few more.
  const near = await similarPapers(deps.db, paper.id, k + 5, deps.vectorOversample).catch(() => []);
  if (near.length > 0) {
    const hidden = await hiddenAmong(
      deps.db,
      near.map((c) => c.id),
    );
    const ids = near
      .map((c) => c.id)
      .filter((id) => id !== paper.id && !hidden.has(id))
      .slice(0, k);
    return { cards: await loadCards(deps.db, ids), by: 'meaning' };
  }
  const like = await papersLike(deps.db, paper, k, deps.columnWeights);
  return {
    cards: await loadCards(
      deps.db,
      like.map((c) => c.id),
    ),
    by: 'words',
  };
}

/** Similar papers of the paper with this arXiv id; null when it is not in this instance. */
export async function similarToArxivId(
  deps: SimilarDeps,
  arxivId: string,
  k: number,
): Promise<SimilarPapers | null> {
  const paper = await paperTextByArxivId(deps.db, arxivId);
  return paper ? findSimilarPapers(deps, paper, k) : null;
}
