/**
 * Dates and numbers as pages show them. All dates are feed dates (YYYY-MM-DD, no zone).
 * The Intl formatters are built once: `toLocaleDateString` builds one per call, which
 * cost more than the rest of a page render.
 */

const fmt = (o: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('en-US', { ...o, timeZone: 'UTC' });
const LONG = fmt({ weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' });
const SHORT = fmt({ year: 'numeric', month: 'short', day: 'numeric' });
const DAY_MONTH = fmt({ month: 'short', day: 'numeric' });
const MONTH = fmt({ year: 'numeric', month: 'long' });
const NUMBER = new Intl.NumberFormat('en-US');

function utc(date: string): Date {
  return new Date(`${date.slice(0, 10)}T00:00:00Z`);
}

/** "Friday, August 21, 2026" */
export function formatLongDate(date: string): string {
  return LONG.format(utc(date));
}

/** "Aug 21, 2026" */
export function formatShortDate(date: string): string {
  return SHORT.format(utc(date));
}

/** "Aug 21" */
export function formatDayMonth(date: string): string {
  return DAY_MONTH.format(utc(date));
}

/** "August 2026" from YYYY-MM */
export function formatMonth(month: string): string {
  return MONTH.format(utc(`${month}-01`));
}

/** "Week 34, 2026 · Aug 17 – Aug 23" from an ISO week and its range */
export function formatWeek(week: string, range: { from: string; to: string }): string {
  const [year, w] = week.split('-W') as [string, string];
  return `Week ${Number(w)}, ${year} · ${formatDayMonth(range.from)} – ${formatDayMonth(range.to)}`;
}

export function formatNumber(n: number): string {
  return NUMBER.format(n);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${NUMBER.format(n)} ${n === 1 ? one : many}`;
}
