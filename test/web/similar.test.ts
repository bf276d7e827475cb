import { afterAll, beforeAll, expect, it } from 'vitest';
import { setEntryHidden } from '../../src/community/moderation.repo.ts';
import { importBatch } from '../../src/papers/papers.repo.ts';
import { paperTextByArxivId } from '../../src/search/similar.repo.ts';
import { similarByCandidates, warmSimilarIndex } from '../../src/search/similar.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { forEachDialect } from '../support/db.ts';
import { makePaper } from '../support/factories.ts';

const QUERY = '2602.00001';
const NEAR = '2602.00002';
const HIDDEN = '2602.00003';
const OLD_STYLE = 'cs/0112017';

const topics = [
  [
    QUERY,
    'Graph neural networks for molecular property prediction',
    'Message passing over molecular graphs predicts solubility and toxicity of molecules.',
  ],
  [
    NEAR,
    'Message passing molecular graphs for toxicity',
    'Graph neural networks read molecules as graphs and predict toxicity and solubility.',
  ],
  [
    HIDDEN,
    'Molecular graphs and solubility with message passing',
    'Predicts solubility of molecules by message passing on their graphs.',
  ],
  [
    '2602.00004',
    'Speech recognition for low-resource languages',
    'Acoustic models transcribe speech in languages with little data.',
  ],
  [
    '2602.00005',
    'Zebrafish embryo segmentation',
    'Microscopy images of zebrafish embryos are segmented into organs.',
  ],
  [
    OLD_STYLE,
    'Molecular toxicity from graph kernels',
    'Graph kernels compare molecules to predict toxicity.',
  ],
];

forEachDialect('similar papers API', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    const now = new Date('2026-08-21T00:00:00Z');
    await importBatch(
      t.db,
      topics.map(([arxivId, title, abstract]) => makePaper({ arxivId, title, abstract })),
      [{ arxivId: HIDDEN!, feedDate: '2026-08-20', submittedAt: now.toISOString() }],
      { source: 'test', now },
    );
    const hidden = await t.db.kysely
      .selectFrom('papers')
      .select('id')
      .where('arxiv_id', '=', HIDDEN)
      .executeTakeFirstOrThrow();
    expect(await setEntryHidden(t.db, hidden.id, true)).toBe(true);
  });
  afterAll(async () => {
    await t.close();
  });

  const similar = async (path: string) => {
    const res = await t.app.inject(path);
    return {
      status: res.statusCode,
      body: res.json() as { id: string; similarBy: string; similarTerms: string[]; error?: string }[],
    };
  };

  it('finds the paper on the same topic first, by words, as HF paper objects', async () => {
    const { status, body } = await similar(`/api/papers/${QUERY}/similar`);
    expect(status).toBe(200);
    expect(body[0]?.id).toBe(NEAR);
    expect(body[0]?.similarBy).toBe('words');
    // Why it is similar: the shared words that weigh the most, as written in the paper.
    expect(body[0]?.similarTerms.join(' ')).toMatch(/toxicity|solubility|molecular|passing/);
    expect(body.map((p) => p.id)).not.toContain('2602.00005');
  });

  it('never returns the paper itself or a hidden paper', async () => {
    for (const id of [QUERY, NEAR, OLD_STYLE]) {
      const { status, body } = await similar(`/api/papers/${id}/similar?limit=50`);
      expect(status).toBe(200);
      const ids = body.map((p) => p.id);
      expect(ids.length).toBeGreaterThan(0);
      expect(ids).not.toContain(id);
      expect(ids).not.toContain(HIDDEN);
    }
  });

  it('bounds limit', async () => {
    expect((await similar(`/api/papers/${QUERY}/similar?limit=1`)).body).toHaveLength(1);
    for (const bad of ['0', '51', 'x', '1.5']) {
      const { status, body } = await similar(`/api/papers/${QUERY}/similar?limit=${bad}`);
      expect(status).toBe(400);
      expect(JSON.stringify(body)).toMatch(/limit/);
    }
  });

  it('answers 404 for an unknown paper and 400 for a malformed id, in both id forms', async () => {
    expect((await similar('/api/papers/2602.09999/similar')).status).toBe(404);
    expect((await similar('/api/papers/hep-th/9901001/similar')).status).toBe(404);
    for (const bad of ['not-an-id', '2602.1', 'hep-th/99x', 'no%20such/9901001']) {
      const { status, body } = await similar(`/api/papers/${bad}/similar`);
      expect(status, bad).toBe(400);
      expect(JSON.stringify(body), bad).toMatch(/id/i);
    }
  });

  it('is described in the OpenAPI document, with the limit bounds and its errors', async () => {
    const doc = (await t.app.inject('/openapi.json')).json() as {
      paths: Record<
        string,
        {
          get?: {
            parameters: { name: string; in: string; schema: Record<string, unknown> }[];
            responses: object;
          };
        }
      >;
    };
    const op = doc.paths['/api/papers/{id}/similar']?.get;
    expect(op).toBeDefined();
    expect(op!.parameters.find((p) => p.name === 'id')?.in).toBe('path');
    expect(op!.parameters.find((p) => p.name === 'limit')?.schema).toMatchObject({ minimum: 1, maximum: 50 });
    expect(Object.keys(op!.responses)).toEqual(expect.arrayContaining(['200', '400', '404']));
  });

  it('takes versioned and old-style ids', async () => {
    expect((await similar(`/api/papers/${QUERY}v2/similar`)).body[0]?.id).toBe(NEAR);
    const old = await similar(`/api/papers/${OLD_STYLE}/similar`);
    expect(old.status).toBe(200);
    expect(old.body.map((p) => p.id)).toContain(QUERY);
  });

  it('lists the same papers on the paper page', async () => {
    const page = await t.app.inject(`/papers/${QUERY}`);
    expect(page.statusCode).toBe(200);
    const similarSection = page.body.slice(page.body.indexOf('id="similar-h"'));
    expect(similarSection).toContain(`/papers/${NEAR}`);
    expect(similarSection).not.toContain(`/papers/${HIDDEN}`);
    expect(similarSection).toMatch(/shares: [^<]*(toxicity|solubility|molecular|passing)/);
  });

  it('ranks the same way from the search index alone, before a large instance has built its index', async () => {
    const paper = await paperTextByArxivId(t.db, QUERY);
    const words = await similarByCandidates(
      { db: t.db, columnWeights: { title: 5, authors: 2, abstract: 1 } },
      paper!,
      10,
    );
    const arxivIdOf = new Map(
      (await t.db.kysely.selectFrom('papers').select(['id', 'arxiv_id']).execute()).map((r) => [
        r.id,
        r.arxiv_id,
      ]),
    );
    const ids = words.ids.map((id) => arxivIdOf.get(id));
    expect(ids[0]).toBe(NEAR);
    expect(ids).not.toContain(QUERY);
    expect(ids).not.toContain(HIDDEN);
    expect(words.shared.get(words.ids[0]!)!.join(' ')).toMatch(/toxicity|solubility|molecular|passing/);
  });

  it('finds a paper added after the index was built', async () => {
    const LATE = '2602.00009';
    expect((await similar(`/api/papers/${QUERY}/similar?limit=50`)).body.map((p) => p.id)).not.toContain(
      LATE,
    );
    await importBatch(
      t.db,
      [
        makePaper({
          arxivId: LATE,
          title: 'Graph neural networks for molecular toxicity and solubility',
          abstract: 'Message passing over molecular graphs predicts toxicity and solubility of molecules.',
        }),
      ],
      [],
      { source: 'test', now: new Date('2026-08-22T00:00:00Z') },
    );
    expect((await similar(`/api/papers/${QUERY}/similar?limit=50`)).body.map((p) => p.id)).toContain(LATE);
  });

  it('builds no index past SIMILAR_INDEX_MAX_PAPERS and answers from the search index instead', async () => {
    const capped = await createTestApp(dialect, { env: { SIMILAR_INDEX_MAX_PAPERS: '3' } });
    try {
      await importBatch(
        capped.db,
        topics.map(([arxivId, title, abstract]) => makePaper({ arxivId, title, abstract })),
        [],
        { source: 'test', now: new Date('2026-08-21T00:00:00Z') },
      );
      const res = await capped.app.inject(`/api/papers/${QUERY}/similar`);
      expect(res.statusCode).toBe(200);
      const ids = (res.json() as { id: string }[]).map((p) => p.id);
      expect(ids[0]).toBe(NEAR);
      expect(ids).not.toContain(QUERY);
      // Six papers, a cap of three: no index, now or when asked to build one.
      expect(await warmSimilarIndex(capped.db, 3)).toBeNull();
      expect(await warmSimilarIndex(t.db)).not.toBeNull();
    } finally {
      await capped.close();
    }
  });
});
