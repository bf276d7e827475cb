/**
 * A seeded "New on arXiv" week: listings on Friday 2026-08-14 and Monday 2026-08-17 (the
 * weekend between has none), as arXiv's RSS would give them: new submissions, a
 * cross-list, a replacement; one paper already featured. Used by the listing's HTTP,
 * browser and consistency tests.
 */
import { importBatch } from '../../src/papers/papers.repo.ts';
import type { PaperRecord } from '../../src/papers/types.ts';
import type { TestDb } from './db.ts';
import { makePaper } from './factories.ts';

export const FRIDAY = '2026-08-14';
export const MONDAY = '2026-08-17';
/** Monday's listing time: the clock of these tests. */
export const LISTING_NOW = '2026-08-17T12:00:00.000Z';

const on = (day: string, type: 'new' | 'cross' | 'replace', over: Partial<PaperRecord>) =>
  makePaper({ publishedAt: `${day}T04:00:00.000Z`, announcement: { day, type }, ...over });

export const LISTED = {
  friday: on(FRIDAY, 'new', { arxivId: '2608.10001', title: 'Friday parsing paper', categories: ['cs.CL'] }),
  featured: on(MONDAY, 'new', {
    arxivId: '2608.10102',
    title: 'Featured dialogue paper',
    categories: ['cs.CL', 'cs.LG'],
  }),
  learning: on(MONDAY, 'new', {
    arxivId: '2608.10103',
    title: 'Learning rates revisited',
    categories: ['cs.LG'],
  }),
  vision: on(MONDAY, 'new', { arxivId: '2608.10104', title: 'Seeing in the dark', categories: ['cs.CV'] }),
  cross: on(MONDAY, 'cross', {
    arxivId: '2608.10105',
    title: 'Kernel methods for language',
    categories: ['stat.ML', 'cs.CL'],
  }),
  replaced: on(MONDAY, 'replace', {
    arxivId: '2508.10106',
    version: 2,
    // First published a year earlier: too old to feature under SUBMIT_MAX_AGE_DAYS.
    publishedAt: '2025-08-11T15:00:00.000Z',
    title: 'An old grammar paper, revised',
    categories: ['cs.CL'],
  }),
};

export async function seedListing(db: TestDb) {
  await importBatch(
    db,
    Object.values(LISTED),
    [
      {
        arxivId: LISTED.featured.arxivId,
        feedDate: MONDAY,
        submittedAt: '2026-08-17T09:00:00.000Z',
        submitter: { handle: 'curator', displayName: 'Curator' },
      },
    ],
    { source: 'test', now: new Date(LISTING_NOW) },
  );
}
