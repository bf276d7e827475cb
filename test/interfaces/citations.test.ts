/**
 * Citations: BibTeX that parses (balanced braces, escaped specials) whatever the title
 * holds, RIS with the tags importers require, Markdown, citation_* tags on paper pages,
 * and exports of whole lists.
 */
import path from 'node:path';
import MarkdownIt from 'markdown-it';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CitablePaper, toBibtex, toBibtexList, toMarkdown, toRis } from '../../src/formats/citations.ts';
import { importHfDaily } from '../../src/ingest/ingest.ts';
import { importBatch } from '../../src/papers/papers.repo.ts';
import { createTestApp, type TestApp } from '../support/app.ts';
import { forEachDialect } from '../support/db.ts';
import { makePaper } from '../support/factories.ts';

/** A strict reader of the BibTeX we write: entries of `name = {value}` fields. */
function parseBibtex(text: string): { type: string; key: string; fields: Record<string, string> }[] {
  const entries: { type: string; key: string; fields: Record<string, string> }[] = [];
  let i = 0;
  const skipWs = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  const braced = (): string => {
    if (text[i] !== '{') throw new Error(`expected { at ${i}`);
    let depth = 0;
    const start = i;
    for (; i < text.length; i++) {
      const c = text[i];
      if (c === '\\') {
        i++;
        continue;
      }
      if (c === '{') depth++;
      if (c === '}' && --depth === 0) {
        i++;
        return text.slice(start + 1, i - 1);
      }
    }
    throw new Error('unbalanced braces');
  };
  for (skipWs(); i < text.length; skipWs()) {
    const head = /^@(\w+)\{([^,\s{}]+),/.exec(text.slice(i));
    if (!head) throw new Error(`expected an entry at ${i}: ${text.slice(i, i + 30)}`);
    i += head[0].length;
    const fields: Record<string, string> = {};
    for (;;) {
      skipWs();
      if (text[i] === '}') {
        i++;
        break;
      }
      const name = /^(\w+)\s*=\s*/.exec(text.slice(i));
      if (!name) throw new Error(`expected a field at ${i}: ${text.slice(i, i + 30)}`);
      i += name[0].length;
      fields[name[1]!] = braced();
      skipWs();
      if (text[i] === ',') i++;
    }
    entries.push({ type: head[1]!, key: head[2]!, fields });
  }
  return entries;
}

/** LaTeX specials that must be escaped outside math in a field value. */
function unescapedSpecials(value: string): string[] {
  const outsideMath = value.replace(/\$[^$]+\$/g, '');
  return [...outsideMath.matchAll(/(?<!\\)[&%#_$]/g)].map((m) => m[0]);
}

const base: CitablePaper = {
  arxivId: '2601.00042',
  title: 'T',
  abstract: 'An abstract.',
  authors: ['Ada Lovelace'],
  categories: ['cs.CL'],
  publishedAt: '2026-01-05T12:00:00.000Z',
  doi: null,
  journalRef: null,
};

describe('BibTeX', () => {
  const titles = [
    'Scaling $\\alpha$-Entmax to $10^{6}$ Tokens',
    'AutoCoder with \\textsc{AIEV-Instruct}',
    '{BERT} & {GPT}: 50% better, #1 on C_2 tasks',
    'Zoë, Ångström and Erdős: accents in titles',
    'A stray { brace and a lone $ sign',
    'Closing } first, then ~ and ^ characters',
    'Already escaped: 100\\% and R\\&D',
  ];
  for (const title of titles) {
    it(`parses back: ${title}`, () => {
      const bib = toBibtex({ ...base, title, authors: ['Zoë Ångström', 'José Núñez', 'O_Brien & Co'] });
      const [entry] = parseBibtex(bib);
      expect(entry!.type).toBe('misc');
      expect(Object.keys(entry!.fields)).toEqual(
        expect.arrayContaining(['title', 'author', 'year', 'eprint', 'archivePrefix', 'url']),
      );
      for (const [k, v] of Object.entries(entry!.fields)) {
        if (k !== 'url') expect(unescapedSpecials(v), `${k}: ${v}`).toEqual([]);
      }
      expect(entry!.fields.author).toBe('Zoë Ångström and José Núñez and O\\_Brien \\& Co');
      expect(entry!.fields.eprint).toBe('2601.00042');
    });
  }

  it('keeps math and commands intact and protects capitalisation', () => {
    const [e] = parseBibtex(toBibtex({ ...base, title: 'Scaling $\\alpha$-Entmax with \\textsc{Foo}' }));
    expect(e!.fields.title).toBe('{Scaling $\\alpha$-Entmax with \\textsc{Foo}}');
  });

  it('gives every entry of a list a distinct key', () => {
    const list = toBibtexList([base, { ...base, arxivId: '2601.00043' }, { ...base, arxivId: '2601.00044' }]);
    const keys = parseBibtex(list).map((e) => e.key);
    expect(keys).toEqual(['lovelace2026paper', 'lovelace2026papera', 'lovelace2026paperb']);
  });
});

describe('RIS', () => {
  it('has TY first, ER last, the required tags, and CRLF line ends', () => {
    const ris = toRis({
      ...base,
      title: 'Scaling $\\alpha$-Entmax',
      authors: ['A One', 'B Two'],
      doi: '10.1000/x',
    });
    expect(ris.endsWith('\r\n')).toBe(true);
    const lines = ris.trimEnd().split('\r\n');
    for (const l of lines) expect(l).toMatch(/^[A-Z][A-Z0-9] {2}- ?/);
    expect(lines[0]).toBe('TY  - UNPB');
    expect(lines.at(-1)).toBe('ER  -');
    const tags = lines.map((l) => l.slice(0, 2));
    for (const t of ['TI', 'AU', 'PY', 'DA', 'AB', 'UR', 'L1', 'DO']) expect(tags).toContain(t);
    expect(lines).toContain('TI  - Scaling α-Entmax');
    expect(lines.filter((l) => l.startsWith('AU'))).toEqual(['AU  - A One', 'AU  - B Two']);
    expect(lines).toContain('DA  - 2026/01/05');
  });
});

describe('Markdown', () => {
  // A renderer that passes raw HTML through, as many do: nothing of an imported title or
  // author may become a tag, emphasis, a link or code there.
  const renderer = new MarkdownIt({ html: true, linkify: false });
  /** The text a reader sees in one rendered line, and the kinds of markup it produced. */
  function rendered(line: string): { text: string; markup: string[] } {
    const inline = renderer.parseInline(line, {})[0]!.children!;
    return {
      text: inline
        .filter((t) => t.type === 'text' || t.type === 'text_special')
        .map((t) => t.content)
        .join(''),
      markup: inline.filter((t) => t.type !== 'text' && t.type !== 'text_special').map((t) => t.type),
    };
  }

  it('writes hostile titles and authors as text in any Markdown renderer', () => {
    const titles = [
      '<script>alert(1)</script> *bold* _it_ `code` ~~gone~~',
      '[click](javascript:alert(1)) ![x](http://evil.example/t.png) <http://evil.example>',
      'A &lt;b&gt; entity &amp; a \\ backslash | pipe #',
      '"><img src=x onerror=alert(1)>',
    ];
    const authors = [
      '"><img src=x onerror=alert(1)>',
      '**Eve** Mallory',
      '[Bob](http://evil.example)',
      'C_D_E',
    ];
    for (const title of titles) {
      const md = toMarkdown({ ...base, title, authors }, { url: 'https://papers.example/papers/2601.00042' });
      const html = renderer.render(md);
      expect(html).not.toMatch(/<script|<img/);
      const lines = md.split('\n');
      expect(lines[0]!.startsWith('# ')).toBe(true);
      expect(rendered(lines[0]!.slice(2))).toEqual({ text: title, markup: [] });
      const byline = rendered(lines[2]!.replace('**Authors:** ', ''));
      expect(byline).toEqual({ text: authors.join(', '), markup: [] });
    }
  });
});

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/hf-daily');

forEachDialect('exports over HTTP', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect, { now: '2026-08-22T10:00:00.000Z' });
    await importHfDaily(t.deps, FIXTURES);
    await importBatch(
      t.db,
      [makePaper({ arxivId: 'hep-th/9901001', title: 'Strings $\\&$ {Branes}', categories: ['hep-th'] })],
      [],
      { source: 'test', now: new Date('2026-08-22T08:00:00Z') },
    );
  });
  afterAll(() => t.close());

  it('serves one paper as BibTeX, RIS and Markdown', async () => {
    const bib = await t.app.inject('/papers/2608.19880.bib');
    expect(bib.statusCode).toBe(200);
    expect(bib.headers['content-type']).toBe('application/x-bibtex; charset=utf-8');
    expect(bib.headers['content-disposition']).toBe('inline; filename="2608.19880.bib"');
    const [e] = parseBibtex(bib.body);
    expect(e!.fields.title).toBe('{EnvHarness: Awakening Static Worlds for Agent Learning}');
    expect(e!.fields.author!.split(' and ')).toHaveLength(17);

    const ris = await t.app.inject('/papers/2608.19880.ris');
    expect(ris.headers['content-type']).toBe('application/x-research-info-systems; charset=utf-8');
    expect(ris.body.startsWith('TY  - UNPB\r\n')).toBe(true);

    const md = await t.app.inject('/papers/2608.19880.md');
    expect(md.headers['content-type']).toBe('text/markdown; charset=utf-8');
    expect(md.body).toMatch(/^# EnvHarness: Awakening Static Worlds for Agent Learning\n/);
    expect(md.body).toContain('**Authors:** Chengsong Huang, Zifeng Wang');
    expect(md.body).toContain('- Code: <https://github.com/google-research/envharness>');
    expect(md.body).toContain('## Abstract');

    const old = await t.app.inject('/papers/hep-th/9901001.bib');
    expect(old.statusCode).toBe(200);
    expect(parseBibtex(old.body)[0]!.fields.eprint).toBe('hep-th/9901001');
    expect((await t.app.inject('/papers/2301.99999.bib')).statusCode).toBe(404);
    expect((await t.app.inject('/papers/nonsense.ris')).statusCode).toBe(400);
  });

  it('puts citation_* meta tags on paper pages, authors in order', async () => {
    const html = (await t.app.inject('/papers/2608.19880')).body;
    expect(html).toContain(
      '<meta name="citation_title" content="EnvHarness: Awakening Static Worlds for Agent Learning"',
    );
    const authors = [...html.matchAll(/<meta name="citation_author" content="([^"]+)"/g)].map((m) => m[1]);
    expect(authors.slice(0, 3)).toEqual(['Chengsong Huang', 'Zifeng Wang', 'Rujun Han']);
    expect(authors).toHaveLength(17);
    expect(html).toContain('<meta name="citation_publication_date" content="2026/08/20"');
    expect(html).toContain('<meta name="citation_arxiv_id" content="2608.19880"');
    expect(html).toContain('<meta name="citation_pdf_url" content="https://arxiv.org/pdf/2608.19880"');
  });

  it('exports a whole day, a user’s submissions and a search as BibTeX and RIS', async () => {
    const day = await t.app.inject('/exports/date/2025-09-29.bib');
    expect(day.statusCode).toBe(200);
    const entries = parseBibtex(day.body);
    expect(entries).toHaveLength(30);
    expect(new Set(entries.map((e) => e.key)).size).toBe(30);
    for (const e of entries)
      for (const v of Object.values(e.fields)) expect(unescapedSpecials(v)).toEqual([]);

    const ris = await t.app.inject('/exports/date/2025-09-29.ris');
    expect(ris.body.match(/^TY {2}- /gm)).toHaveLength(30);
    expect(ris.body.match(/^ER {2}-/gm)).toHaveLength(30);

    const mine = parseBibtex((await t.app.inject('/exports/users/hf%3Ataesiri.bib')).body);
    expect(mine.length).toBeGreaterThan(1);

    const search = await t.app.inject('/exports/search.bib?q=EnvHarness');
    expect(search.statusCode).toBe(200);
    expect(parseBibtex(search.body)[0]!.fields.eprint).toBe('2608.19880');
    expect((await t.app.inject('/exports/search.bib')).statusCode).toBe(400);
  });
});
