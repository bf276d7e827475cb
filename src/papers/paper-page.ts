/** The paper a paper page shows (its details), or a 404 that names the id. */
import type { Db } from '../db/connect.ts';
import { NotFoundError } from '../shared/errors.ts';
import { getPaperDetails, type PaperDetails } from './paper-details.repo.ts';

export async function paperDetails(deps: { db: Db }, arxivId: string): Promise<PaperDetails> {
  const paper = await getPaperDetails(deps.db, arxivId);
  if (!paper) throw new NotFoundError(`arXiv:${arxivId} is not in this instance yet.`);
  return paper;
}
