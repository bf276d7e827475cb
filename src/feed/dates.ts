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
  const [h, m] = rollover.split(':').map(Number) as [number, number];
  const { date, minutes } = localDateTime(instant, timeZone);
  return (h > 0 || m > 0) && minutes >= h * 60 + m ? addDays(date, 1) : date;
}

/** The local calendar date (`YYYY-MM-DD`) of an instant in `timeZone`, and the minutes since its midnight. */
export function localDateTime(instant: Date, timeZone: string): { date: string; minutes: number } {
  const local = new Date(instant.getTime() + utcOffset(instant.getTime(), timeZone));
  return {
    date: local.toISOString().slice(0, 10),
    minutes: local.getUTCHours() * 60 + local.getUTCMinutes(),
  };
}

const QUARTER_HOUR = 15 * 60_000;
const offsets = new Map<string, number>();

/**
 * How far `timeZone` is ahead of UTC at an instant, in ms. Asking Intl is slow (every page
 * asks for today's feed date, a bulk import for a million announcement days), and zone
 * offsets and their changes fall on whole quarter hours of UTC, so each quarter hour's
 * offset is asked once per zone; the memo is bounded.
 */
function utcOffset(ms: number, timeZone: string): number {
  const quarter = Math.floor(ms / QUARTER_HOUR);
  const key = `${timeZone} ${quarter}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const start = quarter * QUARTER_HOUR;
    const parts = localParts(timeZone).formatToParts(new Date(start));
    const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
    offset = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute')) - start;
    if (offsets.size >= 100_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
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
