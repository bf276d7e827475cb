/**
 * Sending an edition: freeze its papers, queue it for every active subscriber (once:
 * the edition key makes a second run a no-op), then deliver. The schedule and
 * `paperboy digest send` both come through here.
 */
import { addDays, todaysFeedDate } from '../feed/dates.ts';
import type { DigestDeps } from './deps.ts';
import { createAndQueueEdition, getEditionByKey } from './editions.repo.ts';
import {
  type EditionKind,
  type EditionPaper,
  type EditionSpec,
  editionPapers,
  resolveEdition,
  scheduledDate,
} from './editions.ts';
import { editionSubject } from './message.ts';
import { queuePersonalEditions } from './personal-editions.ts';
import { type DeliveryReport, deliverDue } from './sender.ts';
import { countActive } from './subscriptions.repo.ts';

export interface QueueResult {
  /** empty: no papers, nothing queued; queued: created now; existing: created by an earlier run. */
  outcome: 'empty' | 'queued' | 'existing' | 'dry-run';
  spec: EditionSpec | null;
  papers: number;
  /** Rows queued by this run (0 for an existing edition). */
  queued: number;
  /** Active subscribers of this kind (dry runs report who would be queued). */
  subscribers: number;
  editionId?: number;
  /** Members' own editions of the period (For You, Following), and the messages this run queued for them. */
  personalEditionIds?: number[];
  personalQueued?: number;
}

/**
 * Queues the edition of a period for everyone who chose the most upvoted papers, and each
 * member's own edition for those who chose For You or Following (digest/personal-editions.ts).
 */
export async function queueEdition(
  deps: DigestDeps,
  req: { kind: EditionKind; date: string; dryRun?: boolean; notBefore?: string },
): Promise<QueueResult> {
  const top = await queueTopEdition(deps, req);
  const spec = top.spec;
  if (!spec || req.dryRun || (req.notBefore && spec.to < req.notBefore)) return top;
  const personal = await queuePersonalEditions(deps, spec);
  return { ...top, personalEditionIds: personal.editionIds, personalQueued: personal.queued };
}

async function queueTopEdition(
  deps: DigestDeps,
  req: { kind: EditionKind; date: string; dryRun?: boolean; notBefore?: string },
): Promise<QueueResult> {
  const { db, config, clock } = deps;
  const spec = await resolveEdition(deps, req.kind, req.date);
  const subscribers = await countActive(db, req.kind);
  if (!spec || (req.notBefore && spec.to < req.notBefore))
    return { outcome: 'empty', spec, papers: 0, queued: 0, subscribers };
  const existing = await getEditionByKey(db, spec.key);
  if (existing)
    return {
      outcome: 'existing',
      spec,
      papers: (JSON.parse(existing.paper_ids) as string[]).length,
      queued: 0,
      subscribers,
      editionId: existing.id,
    };
  const papers: EditionPaper[] = await editionPapers(deps, spec);
  if (papers.length === 0) return { outcome: 'empty', spec, papers: 0, queued: 0, subscribers };
  if (req.dryRun) return { outcome: 'dry-run', spec, papers: papers.length, queued: 0, subscribers };
  const created = await createAndQueueEdition(db, {
    key: spec.key,
    kind: spec.kind,
    period: spec.period,
    subject: editionSubject(config.SITE_NAME, spec.heading),
    paperIds: papers.map((p) => p.arxivId),
    now: clock.now().toISOString(),
    subscriptionKind: spec.kind,
  });
  if (!created) {
    // Another process created it between our look-up and insert.
    const again = await getEditionByKey(db, spec.key);
    return { outcome: 'existing', spec, papers: papers.length, queued: 0, subscribers, editionId: again?.id };
  }
  deps.log.info({ edition: spec.key, queued: created.queued, papers: papers.length }, 'edition queued');
  return {
    outcome: 'queued',
    spec,
    papers: papers.length,
    queued: created.queued,
    subscribers,
    editionId: created.edition.id,
  };
}

/** Queues an edition and delivers it (what `paperboy digest send` does). */
export async function sendEdition(
  deps: DigestDeps,
  req: {
    kind: EditionKind;
    date: string;
    dryRun?: boolean;
    maxWaitMs?: number;
    onProgress?: (r: DeliveryReport) => void;
  },
): Promise<{ queue: QueueResult; delivery: DeliveryReport | null }> {
  const queue = await queueEdition(deps, req);
  const editionIds = [
    ...(queue.editionId === undefined ? [] : [queue.editionId]),
    ...(queue.personalEditionIds ?? []),
  ];
  if (editionIds.length === 0 || req.dryRun) return { queue, delivery: null };
  const delivery = await deliverDue(deps, {
    editionIds,
    maxWaitMs: req.maxWaitMs,
    onProgress: req.onProgress,
  });
  return { queue, delivery };
}

/**
 * The scheduled run of an edition kind: yesterday's feed day (daily) or last week
 * (weekly), in the instance's time zone. A daily edition of a feed day more than a week
 * old is not news and is not sent.
 */
export async function queueScheduledEdition(deps: DigestDeps, kind: EditionKind): Promise<QueueResult> {
  const today = todaysFeedDate(deps);
  const date = scheduledDate(kind, today);
  return queueEdition(deps, { kind, date, notBefore: kind === 'daily' ? addDays(date, -6) : undefined });
}
