import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, localDateTime } from '../feed/dates.ts';
import {
  ARXIV_TIME_ZONE,
  announcementDay,
  announcementsOf,
  isWeekday,
  type ListedPaper,
  listingDayOf,
  listingOrder,
  nextWeekday,
} from './announcements.ts';

describe('announcementDay: arXiv’s schedule (cutoff 14:00 US Eastern, listings Monday to Friday)', () => {
  // 2025-04-28 is a Monday; New York is on EDT (UTC−4) then and on EST (UTC−5) in January.
  it.each([
    ['Monday 10:00 EDT → Tuesday', '2025-04-28T14:00:00Z', '2025-04-29'],
    ['Monday 13:59 EDT → Tuesday', '2025-04-28T17:59:00Z', '2025-04-29'],
    ['Monday 14:00 EDT → Wednesday', '2025-04-28T18:00:00Z', '2025-04-30'],
    ['Thursday 13:00 EDT → Friday', '2025-05-01T17:00:00Z', '2025-05-02'],
    ['Thursday 15:00 EDT → Monday', '2025-05-01T19:00:00Z', '2025-05-05'],
    ['Friday 10:00 EDT → Monday', '2025-05-02T14:00:00Z', '2025-05-05'],
    ['Friday 15:00 EDT → Tuesday', '2025-05-02T19:00:00Z', '2025-05-06'],
    ['Saturday → Tuesday', '2025-05-03T16:00:00Z', '2025-05-06'],
    ['Sunday 23:00 EDT → Tuesday', '2025-05-05T03:00:00Z', '2025-05-06'],
    ['Monday 13:59 EST (winter) → Tuesday', '2025-01-06T18:59:00Z', '2025-01-07'],
    ['Monday 14:00 EST (winter) → Wednesday', '2025-01-06T19:00:00Z', '2025-01-08'],
    ['a date without time (midnight UTC) on a Monday → Tuesday', '2025-04-28T00:00:00Z', '2025-04-29'],
    ['a date without time on a Saturday → Tuesday', '2025-05-03T00:00:00Z', '2025-05-06'],
  ])('%s', (_label, instant, day) => {
    expect(announcementDay(instant)).toBe(day);
  });

  it('reads Eastern time as Intl does, across daylight-saving changes (the offset is memoised per quarter hour)', () => {
    const eastern = new Intl.DateTimeFormat('en-CA', {
      timeZone: ARXIV_TIME_ZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    const byIntl = (d: Date) => {
      const parts = eastern.formatToParts(d);
      const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
      const date = `${get('year')}-${get('month')}-${get('day')}`;
      const minutes = Number(get('hour')) * 60 + Number(get('minute'));
      const window = isWeekday(date) && minutes < 14 * 60 ? date : nextWeekday(date);
      return nextWeekday(window);
    };
    // Either side of the 2025 changes (9 March 07:00 UTC, 2 November 06:00 UTC), then at random.
    for (const at of [
      '2025-03-09T06:59:59Z',
      '2025-03-09T07:00:00Z',
      '2025-11-02T05:59:59Z',
      '2025-11-02T06:00:00Z',
    ])
      expect(announcementDay(at)).toBe(byIntl(new Date(at)));
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1990-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }),
        (d) => {
          expect(announcementDay(d)).toBe(byIntl(d));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('is always a weekday after the submission’s own Eastern date, at most four days later', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }),
        (d) => {
          const day = announcementDay(d);
          const local = localDateTime(d, ARXIV_TIME_ZONE).date;
          expect(isWeekday(day)).toBe(true);
          expect(day > local).toBe(true);
          expect(day <= addDays(local, 4)).toBe(true);
        },
      ),
    );
  });

  it('an RSS pubDate names its listing day in Eastern time', () => {
    expect(listingDayOf('2025-04-28T04:00:00.000Z')).toBe('2025-04-28'); // Mon, 28 Apr 2025 00:00 -0400
  });
});

describe('announcementsOf', () => {
  it('v1 is new; later versions are replacements; a version listed the same day as an earlier one is not', () => {
    const a = announcementsOf({
      publishedAt: '2025-04-28T14:00:00Z',
      versions: [
        { version: 3, submittedAt: '2025-05-02T19:00:00Z' },
        { version: 1, submittedAt: '2025-04-28T14:00:00Z' },
        { version: 2, submittedAt: '2025-04-28T16:00:00Z' },
      ],
    });
    expect(a).toEqual([
      { version: 1, day: '2025-04-29', type: 'new', listed: false },
      { version: 3, day: '2025-05-06', type: 'replace', listed: false },
    ]);
  });

  it('without a version list: v1 from the first-version date, the latest version from the update date', () => {
    expect(
      announcementsOf({ publishedAt: '2025-04-28T14:00:00Z', updatedAt: '2025-04-30T14:00:00Z', version: 2 }),
    ).toEqual([
      { version: 1, day: '2025-04-29', type: 'new', listed: false },
      { version: 2, day: '2025-05-01', type: 'replace', listed: false },
    ]);
    expect(announcementsOf({ publishedAt: '2025-04-28T14:00:00Z' })).toEqual([
      { version: 1, day: '2025-04-29', type: 'new', listed: false },
    ]);
  });

  it('arXiv’s own listing (RSS) is taken as given, for the version it names', () => {
    expect(
      announcementsOf({
        publishedAt: '2025-04-28T04:00:00Z',
        version: 2,
        announcement: { day: '2025-04-28', type: 'replace' },
      }),
    ).toEqual([{ version: 2, day: '2025-04-28', type: 'replace', listed: true }]);
  });
});

describe('listingOrder', () => {
  const row = (arxivId: string, primaryCategory: string, type: ListedPaper['type']): ListedPaper => ({
    paperId: Number(arxivId.slice(-2)),
    arxivId,
    primaryCategory,
    type,
  });
  const rows = [
    row('2504.00013', 'cs.CL', 'replace'),
    row('2504.00012', 'cs.LG', 'new'),
    row('2504.00011', 'cs.CL', 'cross'),
    row('2504.00010', 'cs.CL', 'new'),
  ];

  it('new, then cross-lists, then replacements, each by arXiv id', () => {
    expect(listingOrder(rows, []).map((r) => [r.arxivId, r.type])).toEqual([
      ['2504.00010', 'new'],
      ['2504.00012', 'new'],
      ['2504.00011', 'cross'],
      ['2504.00013', 'replace'],
    ]);
  });

  it('with a category filter, a new paper whose primary category is outside it is a cross-list', () => {
    expect(listingOrder(rows, ['cs.CL']).map((r) => [r.arxivId, r.type])).toEqual([
      ['2504.00010', 'new'],
      ['2504.00011', 'cross'],
      ['2504.00012', 'cross'],
      ['2504.00013', 'replace'],
    ]);
  });
});
