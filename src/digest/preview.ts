/**
 * The browser preview of an edition: the same composition as the mailed message, for
 * a reader without filters. An edition already sent shows its frozen papers; a future
 * one shows what would be sent now.
 */
import { isValidDate } from '../feed/dates.ts';
import type { EmailContent } from './compose.tsx';
import type { DigestDeps } from './deps.ts';
import { getEditionByKey } from './editions.repo.ts';
import {
  dailySpec,
  type EditionKind,
  editionPapers,
  frozenEditionPapers,
  selectForSubscriber,
  weeklySpec,
} from './editions.ts';
import { composeEdition, editionSubject } from './message.ts';

export async function previewEdition(
  deps: Pick<DigestDeps, 'db' | 'config' | 'clock'>,
  kind: EditionKind,
  period: string,
): Promise<EmailContent | null> {
  const spec = kind === 'daily' ? (isValidDate(period) ? dailySpec(period) : null) : weeklySpec(period);
  if (!spec) return null;
  const existing = await getEditionByKey(deps.db, spec.key);
  const all = existing
    ? await frozenEditionPapers(deps.db, existing.paper_ids)
    : await editionPapers(deps, spec);
  const filter = { categories: [], keywords: [] };
  const papers = selectForSubscriber(all, filter, deps.config.DIGEST_TOP_N);
  if (papers.length === 0) return null;
  const info = {
    key: spec.key,
    kind: spec.kind,
    subject: existing?.subject ?? editionSubject(deps.config.SITE_NAME, spec.heading),
    heading: spec.heading,
    previewPath: spec.previewPath,
  };
  // The reader's own unsubscribe link is not known here; the subscribe page stands in.
  const recipient = { kind: spec.kind, query: '', categories: '', keywords: '' };
  return composeEdition(deps.config, info, papers, recipient, `${deps.config.BASE_URL}/digest`);
}
