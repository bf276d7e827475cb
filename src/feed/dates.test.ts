import { describe, expect, it } from 'vitest';
import { addMonths, feedDateOf, isoWeekOf, isoWeekRange, isValidDate, monthRange } from './dates.ts';

describe('feed dates', () => {
  it('validates calendar dates', () => {
    expect(isValidDate('2026-02-28')).toBe(true);
    expect(isValidDate('2026-02-29')).toBe(false);
    expect(isValidDate('2024-02-29')).toBe(true);
    expect(isValidDate('2026-13-01')).toBe(false);
    expect(isValidDate('26-01-01')).toBe(false);
  });

  it('rolls the feed day over at the configured local time', () => {
    // 21:45 in New York on 2026-08-20 (EDT, UTC-4) is 01:45Z on the 21st.
    const t = new Date('2026-08-21T01:45:00Z');
    expect(feedDateOf(t, 'America/New_York', '00:00')).toBe('2026-08-20');
    expect(feedDateOf(t, 'America/New_York', '21:30')).toBe('2026-08-21');
    expect(feedDateOf(new Date('2026-08-21T01:15:00Z'), 'America/New_York', '21:30')).toBe('2026-08-20');
    expect(feedDateOf(t, 'UTC')).toBe('2026-08-21');
  });

  it('computes ISO weeks across year boundaries', () => {
    expect(isoWeekOf('2026-08-21')).toBe('2026-W34');
    expect(isoWeekOf('2021-01-03')).toBe('2020-W53');
    expect(isoWeekOf('2024-12-30')).toBe('2025-W01');
    expect(isoWeekRange('2026-W34')).toEqual({ from: '2026-08-17', to: '2026-08-23' });
    expect(isoWeekRange('2020-W53')).toEqual({ from: '2020-12-28', to: '2021-01-03' });
    expect(isoWeekRange('2026-W53')).toEqual({ from: '2026-12-28', to: '2027-01-03' }); // 2026 starts on a Thursday
    expect(isoWeekRange('2025-W53')).toBeNull();
    expect(isoWeekRange('2026-W00')).toBeNull();
    expect(isoWeekRange('2026-34')).toBeNull();
  });

  it('computes months', () => {
    expect(monthRange('2024-02')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(monthRange('2026-13')).toBeNull();
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
  });
});
