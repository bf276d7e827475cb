import fs from 'node:fs';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createTestDb, forEachDialect, type TestDb } from '../../test/support/db.ts';
import { fixturePath } from '../../test/support/http.ts';
import { paperTablesSnapshot } from '../../test/support/snapshot.ts';
import { parseKaggleLine } from '../ingest/kaggle-snapshot.ts';
import { upsertPapersBulk } from './bulk.repo.ts';
import { upsertPapers } from './papers.repo.ts';
import type { PaperRecord } from './types.ts';

const read = (f: string) =>
  fs
    .readFileSync(fixturePath(f), 'utf8')
    .trim()
    .split('\n')
    .map(parseKaggleLine)
    .flatMap((p) => (p.ok ? [p.record] : []));

/** Rounds of real records meeting stored ones: new, the same again, another snapshot, sparse, older. */
function rounds(): PaperRecord[][] {
  const first = read('kaggle/metadata-1000.jsonl').slice(0, 120);
  const other = read('kaggle/sample-100.jsonl');
  const sparse = first.slice(0, 30).map((r, i) => ({
    arxivId: r.arxivId,
    title: i % 2 ? `${r.title} (revised)` : r.title,
    abstract: '',
    authors: i % 3 ? [] : [{ name: 'Someone New' }, ...r.authors],
    publishedAt: '2030-01-01T00:00:00.000Z',
    githubRepo: i % 5 ? null : `https://github.com/x/repo${i}`,
    codeLinks: i % 4 ? undefined : [`https://huggingface.co/x/m${i}`],
    importedUpvotes: i,
  }));
  const older = first
    .slice(0, 40)
    .map((r) => ({ ...r, version: 1, title: 'old title', versions: r.versions?.slice(0, 1) }));
  const newer = first.slice(40, 60).map((r) => ({
    ...r,
    version: (r.version ?? 1) + 1,
    updatedAt: '2031-01-01T00:00:00.000Z',
    versions: [
      ...(r.versions ?? []),
      { version: (r.version ?? 1) + 1, submittedAt: '2031-01-01T00:00:00.000Z' },
    ],
  }));
  // One batch naming a paper twice: the second record must see what the first wrote.
  const twice = [
    first[100]!,
    { ...first[100]!, title: 'Twice in one batch', version: (first[100]!.version ?? 1) + 1 },
  ];
  // One author under two spellings, first in a new paper, then in a stored paper's update:
  // the first spelling in batch order names the author, as row by row.
  const spellings = [
    { ...first[0]!, arxivId: '2412.99999', versions: undefined, authors: [{ name: 'Zoe Spelling' }] },
    { ...first[1]!, authors: [{ name: 'Zoë  Spelling' }, ...first[1]!.authors] },
  ];
  return [first, first, other, sparse, sparse, older, newer, newer, twice, spellings];
}

forEachDialect('bulk upsert', (dialect) => {
  let a: TestDb;
  let b: TestDb;
  beforeEach(async () => {
    a = await createTestDb(dialect);
    b = await createTestDb(dialect);
  });
  afterEach(async () => {
    await a.close();
    await b.close();
  });

  it('gives the same counts and rows as the row-by-row upsert', async () => {
    const now = new Date('2026-08-21T12:00:00Z');
    const outcomes: unknown[] = [];
    for (const records of rounds()) {
      const viaKysely = await upsertPapers(a, records, { source: 'test', now });
      const viaBulk = await upsertPapersBulk(b, records, { source: 'test', now });
      expect(viaBulk).toEqual(viaKysely);
      outcomes.push(viaBulk);
    }
    // The rounds exercise every outcome.
    expect(outcomes).toContainEqual(expect.objectContaining({ new: 120 }));
    expect(outcomes).toContainEqual(expect.objectContaining({ unchanged: 120 }));
    expect(outcomes.some((o) => (o as { updated: number }).updated > 0)).toBe(true);
    expect(await paperTablesSnapshot(b)).toEqual(await paperTablesSnapshot(a));
  });

  it('writes the checkpoint in the same transaction as the batch', async () => {
    const now = new Date('2026-08-21T12:00:00Z');
    await upsertPapersBulk(
      b,
      rounds()[0]!.slice(0, 3),
      { source: 't', now },
      { key: 'k', value: '{"line":3}' },
    );
    const row = await b.kysely.selectFrom('ingest_state').selectAll().executeTakeFirstOrThrow();
    expect(row).toEqual({ key: 'k', value: '{"line":3}', updated_at: now.toISOString() });
  });
});
