import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, forEachDialect, type TestDb } from '../../test/support/db.ts';
import { makePaper } from '../../test/support/factories.ts';
import { importBatch } from '../papers/papers.repo.ts';
import { paperTextBatches, paperTextByArxivId } from './similar.repo.ts';
import { findSimilarPapers, similarIndexBuild, warmSimilarIndex } from './similar.ts';
import { buildIndex, buildInWorker } from './similar-build.ts';
import { buildSimilarIndex } from './similar-index.ts';

const QUERY = '2603.00001';
const NEAR = '2603.00002';
const LATE = '2603.00099';
const topics: [string, string, string][] = [
  [
    QUERY,
    'Graph neural networks for molecular toxicity',
    'Message passing over molecular graphs predicts toxicity.',
  ],
  [
    NEAR,
    'Molecular toxicity with graph neural networks',
    'Graph neural networks read molecules and predict toxicity.',
  ],
  [
    '2603.00003',
    'Low resource speech recognition',
    'Acoustic models transcribe speech in low resource languages.',
  ],
  ['2603.00004', 'Zebrafish embryo segmentation', 'Microscopy images of zebrafish embryos are segmented.'],
];
// Filler papers drawn (deterministically) from a small vocabulary, so many words and
// pairs are shared and the index has postings to compare.
const VOCAB =
  'adaptive sparse attention retrieval benchmark diffusion policy robot planning language reasoning vision audio kernel bandit federated privacy quantum circuit compiler'.split(
    ' ',
  );
function fillers(n: number) {
  let seed = 7;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed;
  };
  const words = (k: number) => Array.from({ length: k }, () => VOCAB[next() % VOCAB.length]).join(' ');
  return Array.from({ length: n }, (_, i) => ({
    arxivId: `2603.${String(1000 + i).padStart(5, '0')}`,
    title: words(5),
    abstract: `${words(12)}.`,
  }));
}

async function load(db: TestDb, papers: { arxivId: string; title: string; abstract: string }[], day: string) {
  await importBatch(
    db,
    papers.map((p) => makePaper(p)),
    [],
    { source: 'test', now: new Date(`${day}T00:00:00Z`) },
  );
}

forEachDialect('similar-papers index built in a worker thread', (dialect) => {
  let db: TestDb;
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pb-similar-worker-'));
    // SQLite in a file: the worker opens it too.
    db = await createTestDb(dialect, { sqlitePath: path.join(dir, 'paperboy.db') });
    await load(
      db,
      [...topics.map(([arxivId, title, abstract]) => ({ arxivId, title, abstract })), ...fillers(120)],
      '2026-08-21',
    );
  });
  afterAll(async () => {
    await db?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const similarTo = async (arxivId: string) => {
    const paper = await paperTextByArxivId(db, arxivId);
    const found = await findSimilarPapers(
      { db, columnWeights: { title: 5, authors: 2, abstract: 1 } },
      paper!,
      50,
    );
    return found.cards.map((c) => c.arxivId);
  };

  it('builds the same index as this thread does, its arrays handed over whole', async () => {
    expect(db.source).toBeDefined();
    const inWorker = await buildInWorker(db.source!);
    const here = await buildSimilarIndex(() => paperTextBatches(db));
    expect(inWorker).not.toBeNull();
    expect(here.docs.length).toBeGreaterThan(100);
    expect(inWorker!.ids).toBeInstanceOf(Int32Array);
    expect(inWorker!.weights).toBeInstanceOf(Uint16Array);
    expect(inWorker).toEqual(here);
  });

  it('answers similar papers from the index the worker built', async () => {
    expect(await warmSimilarIndex(db, undefined, { workerAbove: 0 })).not.toBeNull();
    expect(similarIndexBuild(db)).toMatchObject({ papers: 124, builtIn: 'worker' });
    const near = await similarTo(QUERY);
    expect(near[0]).toBe(NEAR);
    expect(near).not.toContain(QUERY);
  });

  it('keeps the old index when the build in the worker fails, and builds again once it can', async () => {
    const source = db.source!;
    // The database as the worker would find it: gone.
    db.source =
      dialect === 'sqlite'
        ? { sqlitePath: path.join(dir, 'gone.db') }
        : { databaseUrl: Object.assign(new URL(db.url!), { pathname: '/pb_test_gone' }).toString() };
    try {
      await load(
        db,
        [
          {
            arxivId: LATE,
            title: 'Graph neural networks predict molecular toxicity',
            abstract: 'Molecular graphs.',
          },
        ],
        '2026-08-22',
      );
      // A small instance rebuilds in the request: it fails, and the old index answers.
      const before = await similarTo(QUERY);
      expect(before[0]).toBe(NEAR);
      expect(before).not.toContain(LATE);
      expect(similarIndexBuild(db)).toMatchObject({ papers: 124, builtIn: 'worker' });
      expect(fs.existsSync(path.join(dir, 'gone.db'))).toBe(false);
    } finally {
      db.source = source;
    }
    expect(await similarTo(QUERY)).toContain(LATE);
    expect(similarIndexBuild(db)).toMatchObject({ papers: 125, builtIn: 'worker' });
  });

  it('builds in this thread when no worker can start', async () => {
    const here = await buildSimilarIndex(() => paperTextBatches(db));
    const throwing = path.join(dir, 'throws.mjs');
    fs.writeFileSync(throwing, "throw new Error('cannot load');\n");
    for (const entry of [new URL(`file://${path.join(dir, 'missing.js')}`), new URL(`file://${throwing}`)]) {
      expect(await buildInWorker(db.source!, entry)).toBeNull();
      const built = await buildIndex(db, { inWorker: true, entry });
      expect(built.builtIn).toBe('main thread');
      expect(built.index).toEqual(here);
    }
  });
});

describe('similar-papers index of an in-memory database', () => {
  it('is built in this thread: no other connection can see the database', async () => {
    const db = await createTestDb('sqlite');
    try {
      expect(db.source).toBeUndefined();
      await load(db, fillers(30), '2026-08-21');
      const built = await buildIndex(db, { inWorker: true });
      expect(built.builtIn).toBe('main thread');
      expect(built.index.papers).toBe(30);
    } finally {
      await db.close();
    }
  });
});
