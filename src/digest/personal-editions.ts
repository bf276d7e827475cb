/**
 * Personal digests: a daily or weekly subscription whose `list` is `for-you` or
 * `following` mails the member's own list of that list kind (resolved by the one list
 * engine with the member as viewer, read papers left out) instead of the most upvoted
 * papers. Each is an edition of its own subscription, keyed by period, list and
 * subscription, frozen and queued in the same transactional outbox as every edition, so
 * a member gets each period's list exactly once whatever reruns or crashes happen.
 */
import { findUserById } from '../community/users.repo.ts';
import { parseListSpec, resolveList } from '../feed/lists.ts';
import type { DigestDeps } from './deps.ts';
import { createAndQueueEdition, getEditionByKey } from './editions.repo.ts';
import type { EditionSpec } from './editions.ts';
import { editionSubject } from './message.ts';
import { activePersonalSubscriptions } from './subscriptions.repo.ts';

/** The key of a member's own edition: unique per period, list and subscription. */
export function personalEditionKey(spec: Pick<EditionSpec, 'key'>, list: string, subscriptionId: number) {
  return `${spec.key}:${list}:${subscriptionId}`;
}

/** What an edition key says of a personal edition: its list, or null for an edition for everyone. */
export function personalListOf(key: string): string | null {
  return /:(for-you|following):\d+$/.exec(key)?.[1] ?? null;
}

const LIST_TITLES: Record<string, string> = { 'for-you': 'For You', following: 'Following' };

/** An edition's heading in its emails: a member's own edition says which list it is. */
export function editionHeading(key: string, heading: string): string {
  const list = personalListOf(key);
  return list ? `${LIST_TITLES[list] ?? list} · ${heading}` : heading;
}

/** Queues this period's personal editions; returns their ids and how many messages were queued. */
export async function queuePersonalEditions(
  deps: DigestDeps,
  spec: EditionSpec,
): Promise<{ editionIds: number[]; queued: number }> {
  const out = { editionIds: [] as number[], queued: 0 };
  for (const sub of await activePersonalSubscriptions(deps.db, spec.kind)) {
    const key = personalEditionKey(spec, sub.list, sub.id);
    const existing = await getEditionByKey(deps.db, key);
    if (existing) {
      out.editionIds.push(existing.id);
      continue;
    }
    const viewer = sub.user_id === null ? null : await findUserById(deps.db, sub.user_id);
    if (!viewer || viewer.status !== 'active') continue;
    const list = await resolveList(
      { ...deps, viewer },
      parseListSpec(sub.list, { hideRead: '1' }),
      deps.config.DIGEST_TOP_N,
    );
    if (list.items.length === 0) continue; // nothing new for this member: no email
    const created = await createAndQueueEdition(deps.db, {
      key,
      kind: spec.kind,
      period: spec.period,
      subject: editionSubject(deps.config.SITE_NAME, editionHeading(key, spec.heading)),
      paperIds: list.items.map((p) => p.arxivId),
      now: deps.clock.now().toISOString(),
      subscriptionKind: spec.kind,
      onlySubscriptionId: sub.id,
    });
    const id = created?.edition.id ?? (await getEditionByKey(deps.db, key))?.id;
    if (id !== undefined) out.editionIds.push(id);
    out.queued += created?.queued ?? 0;
  }
  return out;
}
