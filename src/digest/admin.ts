/** What administrators see of email delivery (the admin page and `paperboy digest status`). */
import type { Db } from '../db/connect.ts';
import { deliveryStats, recentProblems } from './outbox.repo.ts';
import { countSubscriptions } from './subscriptions.repo.ts';

export async function deliveryOverview(db: Db, opts: { editions?: number } = {}) {
  const [subscriptions, editions, problems] = await Promise.all([
    countSubscriptions(db),
    deliveryStats(db, { limit: opts.editions ?? 30 }),
    recentProblems(db),
  ]);
  return { subscriptions, editions, problems };
}
