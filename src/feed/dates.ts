/**
 * Feed dates, ISO weeks and months. Pure: the instant and zone come in as arguments.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const WEEK = /^(\d{4})-W(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD. */
export function isValidDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

// Building an Intl.DateTimeFormat costs far more than using one: keep one per zone.
const formatters = new Map<string, Intl.DateTimeFormat>();
function localParts(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * The feed date an instant belongs to, in `timeZone`, where a new feed day starts at
 * `rollover` (HH:MM local time): with rollover 21:30, 21:45 on Monday is Tuesday's feed.
 */
export function feedDateOf(instant: Date, timeZone: string, rollover = '00:00'): string {
  // Every page asks for today's feed date; it can change only on a minute boundary
  // (time-zone offsets are whole minutes), so the last answer is reused within its minute.
  const minute = Math.floor(instant.getTime() / 60_000);
  const last = lastFeedDate;
  if (last && last.minute === minute && last.timeZone === timeZone && last.rollover === rollover)
    return last.date;
  const [h, m] = rollover.split(':').map(Number) as [number, number];
  const { date, minutes } = localDateTime(instant, timeZone);
  const feedDate = (h > 0 || m > 0) && minutes >= h * 60 + m ? addDays(date, 1) : date;
  lastFeedDate = { minute, timeZone, rollover, date: feedDate };
  return feedDate;
}

let lastFeedDate: { minute: number; timeZone: string; rollover: string; date: string } | null = null;

/** The local calendar date (`YYYY-MM-DD`) of an instant in `timeZone`, and the minutes since its midnight. */
export function localDateTime(instant: Date, timeZone: string): { date: string; minutes: number } {
  const parts = localParts(timeZone).formatToParts(instant);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return {
    date: `${get('year')}-${get('month')}-${get('day')}`,
    minutes: Number(get('hour')) * 60 + Number(get('minute')),
  };
}

/** Today's feed date of this instance: the one place that turns "now" into a feed date. */
export function todaysFeedDate(deps: {
  clock: { now(): Date };
  config: { PAPERBOY_TIMEZONE: string; FEED_ROLLOVER: string };
}): string {
  return feedDateOf(deps.clock.now(), deps.config.PAPERBOY_TIMEZONE, deps.config.FEED_ROLLOVER);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** ISO-8601 week of a date, as `YYYY-Www`. */
export function isoWeekOf(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  const day = (d.getUTCDay() + 6) % 7; // Monday = 0
  d.setUTCDate(d.getUTCDate() - day + 3); // Thursday of this week decides the year
  const year = d.getUTCFullYear();
  const firstThursday = new Date(Date.UTC(year, 0, 4)); // 4 January is always in week 1
  const week =
    1 +
    Math.round(
      ((d.getTime() - firstThursday.getTime()) / 86_400_000 - 3 + ((firstThursday.getUTCDay() + 6) % 7)) / 7,
    );
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Monday..Sunday of an ISO week `YYYY-Www`; null when it is not a real week. */
export function isoWeekRange(week: string): { from: string; to: string } | null {
  const m = WEEK.exec(week);
  if (!m) return null;
  const year = Number(m[1]);
  const w = Number(m[2]);
  if (w < 1 || w > 53) return null;
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const monday1 = Date.UTC(year, 0, 4) - ((jan4.getUTCDay() + 6) % 7) * 86_400_000;
  const from = new Date(monday1 + (w - 1) * 7 * 86_400_000).toISOString().slice(0, 10);
  if (isoWeekOf(from) !== week) return null; // week 53 of a 52-week year
  return { from, to: addDays(from, 6) };
}

/** First..last day of a month `YYYY-MM`; null when it is not a real month. */
export function monthRange(month: string): { from: string; to: string } | null {
  const m = MONTH.exec(month);
  if (!m) return null;
  const year = Number(m[1]);
  const mon = Number(m[2]);
  if (mon < 1 || mon > 12) return null;
  const from = `${m[1]}-${m[2]}-01`;
  const to = new Date(Date.UTC(year, mon, 0)).toISOString().slice(0, 10);
  return { from, to };
}

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return d.toISOString().slice(0, 7);
}
