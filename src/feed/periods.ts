/** Feed periods around a day, week or month: what the period pages link to. */
import type { Db } from '../db/connect.ts';
import type { Clock } from '../shared/clock.ts';
import { todaysFeedDate } from './dates.ts';
import { adjacentFeedDates, latestFeedDate } from './featured.repo.ts';

interface PeriodDeps {
  db: Db;
  clock: Clock;
  config: { PAPERBOY_TIMEZONE: string; FEED_ROLLOVER: string };
}

/** The latest feed date with papers on or before `date`; null when there is none. */
export function latestDayWithPapers(deps: Pick<PeriodDeps, 'db'>, date: string): Promise<string | null> {
  return latestFeedDate(deps.db, date);
}

/** The latest feed date with papers, up to today; today when nothing was featured yet. */
export async function latestDay(deps: PeriodDeps): Promise<string> {
  const today = todaysFeedDate(deps);
  return (await latestFeedDate(deps.db, today)) ?? today;
}

/** The nearest feed dates with papers before and after a period (empty spans are skipped). */
export function neighbours(deps: Pick<PeriodDeps, 'db'>, from: string, to: string = from) {
  return adjacentFeedDates(deps.db, from, to);
}
