/**
 * Saved-search alerts: each active alert resolves its search list (the list engine's
 * `search` kind, newest first; keyword search, as the digest worker embeds no queries) and
 * mails the hits that entered this instance since its last run. The edition key is the
 * alert plus the instant it ran from, so a run repeated after a crash queues nothing twice.
 */
import { parseListSpec, resolveList } from '../feed/lists.ts';
import { activeAlerts, addedSince, setAlertMark } from './alerts.repo.ts';
import type { DigestDeps } from './deps.ts';
import { createAndQueueEdition } from './editions.repo.ts';
import { type EditionInfo, editionSubject } from './message.ts';

/** Most search hits an alert looks at per run (the newest first). */
const ALERT_DEPTH = 120;

export function alertHeading(query: string): string {
  return `New papers matching “${query}”`;
}

/** An alert's links go to its search: there is no separate preview of one reader's alert. */
export function alertEditionInfo(info: EditionInfo, query: string): EditionInfo {
  return { ...info, heading: alertHeading(query), previewPath: `/search?q=${encodeURIComponent(query)}` };
}

export interface AlertRun {
  checked: number;
  /** Alerts that found new papers and were queued. */
  queued: number;
  editionIds: number[];
}

export async function queueAlerts(deps: DigestDeps): Promise<AlertRun> {
  const { db, clock, config } = deps;
  const run: AlertRun = { checked: 0, queued: 0, editionIds: [] };
  let afterId = 0;
  for (;;) {
    const page = await activeAlerts(db, afterId, 200);
    if (page.length === 0) break;
    for (const sub of page) {
      afterId = sub.id;
      run.checked++;
      const now = clock.now().toISOString();
      const since = sub.last_alert_at ?? sub.confirmed_at ?? sub.created_at;
      const spec = parseListSpec('search', { q: `${sub.query} sort:newest` });
      const hits = (await resolveList({ db, clock, config }, spec, ALERT_DEPTH)).items;
      const fresh = await addedSince(
        db,
        hits.map((c) => c.id),
        since,
      );
      const paperIds = hits.filter((c) => fresh.has(c.id)).map((c) => c.arxivId);
      if (paperIds.length > 0) {
        const created = await createAndQueueEdition(db, {
          key: `alert:${sub.id}:${since}`,
          kind: 'alert',
          period: since,
          subject: editionSubject(config.SITE_NAME, alertHeading(sub.query)),
          paperIds,
          now,
          subscriptionKind: 'alert',
          onlySubscriptionId: sub.id,
        });
        if (created && created.queued > 0) {
          run.queued++;
          run.editionIds.push(created.edition.id);
        }
      }
      await setAlertMark(db, sub.id, now);
    }
  }
  if (run.queued > 0) deps.log.info(run, 'saved-search alerts queued');
  return run;
}
