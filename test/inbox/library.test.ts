/**
 * The library pages: folders (create, rename, delete), moving papers and notes, export of a
 * folder through the library list kind, and import of BibTeX or arXiv ids (known papers
 * saved, unknown ones fetched from arXiv like submissions, a clear error per bad line).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseImport } from '../../src/inbox/import.ts';
import { importBatch } from '../../src/papers/papers.repo.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { signedInClient, type TestClient } from '../support/client.ts';
import { forEachDialect } from '../support/db.ts';
import { makePaper } from '../support/factories.ts';
import { replayHttp } from '../support/http.ts';

/** Recorded arXiv API answers: 1605.08386 exists (asked alone or with others); any other id is not on arXiv. */
const arxiv = () =>
  replayHttp((url) =>
    url.searchParams.get('id_list')?.split(',').includes('1605.08386')
      ? { file: 'arxiv-api/id_1605.08386_s0_m100_199195aa31ad.http200.xml' }
      : { file: 'arxiv-api/id_0808.05394_s0_m100_7b0c7d0a7cdd.http200.xml' },
  );

it('reads arXiv ids from BibTeX entries and id lists, with an error per line that has none', () => {
  const bib = [
    '@article{vaswani2017,',
    '  title = {Attention Is All You Need},',
    '  eprint = {1706.03762}, archivePrefix = {arXiv}',
    '}',
    '@misc{lecun, title={A paper}, url = {https://arxiv.org/abs/hep-th/9901001v2} }',
    '@book{knuth, title = {TAOCP}}',
  ].join('\n');
  expect(parseImport(bib)).toEqual({
    items: [
      { line: 1, input: 'vaswani2017', arxivId: '1706.03762' },
      { line: 5, input: 'lecun', arxivId: 'hep-th/9901001' },
    ],
    errors: [
      { line: 6, input: 'knuth', message: 'entry knuth: no arXiv id (eprint, arXiv URL or DOI) in it' },
    ],
  });
  const list = parseImport('2504.01234, https://arxiv.org/pdf/2504.01235v3\n# a comment\nnot-an-id\n');
  expect(list.items.map((i) => [i.line, i.arxivId])).toEqual([
    [1, '2504.01234'],
    [1, '2504.01235'],
  ]);
  expect(list.errors).toEqual([
    {
      line: 3,
      input: 'not-an-id',
      message: '"not-an-id" is not an arXiv id (e.g. 2504.01234, hep-th/9901001 or an arxiv.org link)',
    },
  ]);
});

forEachDialect('library pages', (dialect) => {
  let t: TestApp;
  let c: TestClient;
  const papers = [1, 2, 3].map((i) =>
    makePaper({ title: `Library paper ${i}`, publishedAt: '2016-05-2' + i + 'T10:00:00.000Z' }),
  );
  const id = (i: number) => papers[i]!.arxivId;
  beforeAll(async () => {
    t = await createTestApp(dialect, { now: '2016-05-30T12:00:00.000Z', http: arxiv() });
    await importBatch(t.db, papers, [], { source: 'test', now: t.clock.now() });
    c = await signedInClient(t, 'ada@example.org');
  });
  afterAll(() => t.close());

  const folderIdFrom = (location: string | undefined) => Number(/folder=(\d+)/.exec(location ?? '')?.[1]);

  it('creates, renames and deletes folders, moves papers and keeps notes', async () => {
    const created = await c.post('/inbox/folders', { name: 'Reading group' });
    expect(created.statusCode).toBe(303);
    const folder = folderIdFrom(created.headers.location as string);
    await c.post('/inbox/save', { paper: id(0) });
    expect(
      (await c.post('/inbox/save', { paper: id(0), folder: String(folder), next: '/library' })).statusCode,
    ).toBe(303);
    await c.post('/inbox/note', { paper: id(0), note: 'Read §3 <b>first</b>' });
    const page = (await c.get(`/library?folder=${folder}`)).body;
    expect(page).toContain('Library: Reading group');
    expect(page).toContain(`data-arxiv-id="${id(0)}"`);
    expect(page).toContain('Read §3 &lt;b>first&lt;/b>');
    expect(page).toContain(`href="/exports/me/library.bib?folder=${folder}"`);
    const bib = await c.get(`/exports/me/library.bib?folder=${folder}`);
    expect(bib.headers['cache-control']).toBe('private, no-store');
    expect([...bib.body.matchAll(/eprint = \{([^}]+)\}/g)].map((m) => m[1])).toEqual([id(0)]);

    await c.post(`/inbox/folders/${folder}/rename`, { name: 'Journal club' });
    expect((await c.get(`/library?folder=${folder}`)).body).toContain('Library: Journal club');
    // Another member cannot see, rename or delete it.
    const bob = await signedInClient(t, 'bob@example.org');
    expect((await bob.get(`/library?folder=${folder}`)).statusCode).toBe(404);
    expect((await bob.post(`/inbox/folders/${folder}/delete`)).statusCode).toBe(404);
    expect((await bob.get(`/exports/me/library.bib?folder=${folder}`)).statusCode).toBe(404);

    expect((await c.post(`/inbox/folders/${folder}/delete`)).statusCode).toBe(303);
    const unfiled = (await c.get('/library?folder=unfiled')).body;
    expect(unfiled).toContain(`data-arxiv-id="${id(0)}"`);
    expect(unfiled).not.toContain('Journal club');
  });

  it('imports ids into a new folder: known saved, unknown fetched from arXiv, bad lines named', async () => {
    const text = [`${id(1)} ${id(2)}`, '1605.08386', '1605.99999', 'nonsense'].join('\n');
    const res = await c.post('/inbox/import', { newFolder: 'Imported', text });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('3 saved, of which 1 fetched from arXiv; 2 not imported:');
    expect(res.body).toContain('line 3: arXiv has no paper 1605.99999');
    expect(res.body).toContain('line 4: &quot;nonsense&quot; is not an arXiv id');
    const report = (
      await c.post(
        '/inbox/import',
        { newFolder: 'Imported', text: '@article{x, eprint={1605.08386}}' },
        { accept: 'application/json' },
      )
    ).json();
    expect(report).toMatchObject({ saved: ['1605.08386'], fetched: [], errors: [] });
    const lib = (await c.get(`/api/me/library?folder=${report.folderId}`)).json() as { id: string }[];
    expect(lib.map((s) => s.id).sort()).toEqual([id(1), id(2), '1605.08386'].sort());
  });
});
