/** Dates and numbers as pages show them. All dates are feed dates (YYYY-MM-DD, no zone). */

function utc(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

/** "Friday, August 21, 2026" */
export function formatLongDate(date: string): string {
  return utc(date).toLocaleDateString('en-US', {
    weekday: 'long',
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    timeZone: 'UTC',
  });
}

/** "Aug 21, 2026" */
export function formatShortDate(date: string): string {
  return utc(date.slice(0, 10)).toLocaleDateString('en-US', {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });
}

/** "Aug 21" */
export function formatDayMonth(date: string): string {
  return utc(date.slice(0, 10)).toLocaleDateString('en-US', {
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });
}

/** "August 2026" from YYYY-MM */
export function formatMonth(month: string): string {
  return utc(`${month}-01`).toLocaleDateString('en-US', { year: 'numeric', month: 'long', timeZone: 'UTC' });
}

/** "Week 34, 2026 · Aug 17 – Aug 23" from an ISO week and its range */
export function formatWeek(week: string, range: { from: string; to: string }): string {
  const [year, w] = week.split('-W') as [string, string];
  return `Week ${Number(w)}, ${year} · ${formatDayMonth(range.from)} – ${formatDayMonth(range.to)}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
