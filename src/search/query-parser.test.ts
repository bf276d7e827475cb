import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasText, isEmptyQuery, isLongText, MAX_QUERY_LENGTH, parseQuery } from './query-parser.ts';

describe('parseQuery', () => {
  it.each([
    ['diffusion Transformers', { terms: ['diffusion', 'transformers'] }],
    ['"state space model" mamba', { terms: ['mamba'], phrases: [['state', 'space', 'model']] }],
    ['+"state space" +mamba ssm', { terms: ['ssm'], phrases: [], required: [['state', 'space'], ['mamba']] }],
    ['a+b +', { terms: ['a', 'b'], required: [] }],
    ['llm -survey -"large language"', { terms: ['llm'], excludes: [['survey'], ['large', 'language']] }],
    ['author:hinton author:"Yann LeCun"', { authors: [['hinton'], ['yann', 'lecun']] }],
    ['cat:cs.cl cat:CS', { categories: ['cs.CL', 'cs'] }],
    ['year:2025', { after: '2025-01-01', before: '2025-12-31' }],
    ['after:2025-03 before:2025-06', { after: '2025-03-01', before: '2025-06-30' }],
    ['before:2024-02', { before: '2024-02-29' }],
    ['has:code featured:yes sort:newest', { hasCode: true, featured: true, sort: 'newest' }],
    ['featured:no sort:upvotes', { featured: false, sort: 'upvotes' }],
  ])('%s', (input, want) => {
    expect(parseQuery(input)).toMatchObject(want);
  });

  it('keeps what it does not understand as text, and reports operators it cannot read', () => {
    const q = parseQuery('year:20x5 cat:!! foo:bar has:wings');
    expect(q.ignored).toEqual(['year:20x5', 'cat:!!', 'has:wings']);
    expect(q.terms).toEqual(['foo', 'bar']);
  });

  it('treats FTS and SQL syntax as plain characters', () => {
    const q = parseQuery(`NEAR(a b) title:x* ^start OR 1=1; DROP TABLE papers;-- '"`);
    expect(q.terms).toEqual([
      'near',
      'a',
      'b',
      'title',
      'x',
      'start',
      'or',
      '1',
      '1',
      'drop',
      'table',
      'papers',
    ]);
    expect(q.phrases).toEqual([]);
  });

  it('a query over 32 words is pasted text', () => {
    const words = Array.from({ length: 33 }, (_, i) => `w${i}`);
    expect(isLongText(parseQuery(words.join(' ')))).toBe(true);
    expect(isLongText(parseQuery(words.slice(1).join(' ')))).toBe(false);
    expect(parseQuery(words.join(' ')).terms).toEqual(words);
  });

  it('lets an unbalanced quote run to the end', () => {
    expect(parseQuery('graph "neural network').phrases).toEqual([['neural', 'network']]);
  });

  it('folds width and case, keeps other scripts', () => {
    expect(parseQuery('ＧＰＴ 注意力机制 Gödel').terms).toEqual(['gpt', '注意力机制', 'gödel']);
  });

  it('a query of only filters has no text but is not empty', () => {
    const q = parseQuery('cat:cs.LG year:2024');
    expect(hasText(q)).toBe(false);
    expect(isEmptyQuery(q)).toBe(false);
    expect(isEmptyQuery(parseQuery('  !!! '))).toBe(true);
  });
});

describe('parseQuery properties', () => {
  const anyText = fc.oneof(
    fc.string({ maxLength: 300 }),
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc
      .array(
        fc.constantFrom(
          '"',
          '-',
          'author:',
          'cat:',
          'year:',
          'NEAR(',
          '*',
          '^',
          ':',
          ' ',
          'x',
          'é',
          '中',
          '\u0000',
          "'",
          ';',
        ),
        { maxLength: 80 },
      )
      .map((a) => a.join('')),
  );

  it('never throws, and every word it returns is letters and digits only', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const q = parseQuery(s);
        for (const w of [
          ...q.terms,
          ...q.phrases.flat(),
          ...q.required.flat(),
          ...q.excludes.flat(),
          ...q.authors.flat(),
        ]) {
          expect(w).toMatch(/^[\p{L}\p{N}\p{M}]+$/u);
        }
        for (const c of q.categories) expect(c).toMatch(/^[a-z-]+(\.[A-Za-z-]+)?$/);
        if (q.after) expect(q.after).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        if (q.before) expect(q.before).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }),
      { numRuns: 2000 },
    );
  });

  it('bounds the work on long input', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1000, maxLength: 12000 }), (s) => {
        const q = parseQuery(s);
        // Every word of pasted text is kept (it is searched by its distinctive words), within the length bound.
        expect(q.terms.length).toBeLessThanOrEqual(MAX_QUERY_LENGTH / 2);
        expect(q.text.length).toBeLessThanOrEqual(MAX_QUERY_LENGTH);
        for (const p of [...q.phrases, ...q.required, ...q.authors, ...q.excludes])
          expect(p.length).toBeLessThanOrEqual(32);
      }),
      { numRuns: 50 },
    );
  });

  it('words typed as a phrase are the words typed bare', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z0-9]{1,8}$/), { minLength: 2, maxLength: 6 }), (ws) => {
        expect(parseQuery(`"${ws.join(' ')}"`).phrases).toEqual([ws]);
        expect(parseQuery(ws.join(' ')).terms).toEqual(ws);
      }),
    );
  });
});
