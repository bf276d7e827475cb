import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { highlightSnippet, type Segment } from './highlight.ts';

const hits = (segments: Segment[]) => segments.filter((s) => s.hit).map((s) => s.text);
const text = (segments: Segment[]) => segments.map((s) => s.text).join('');

describe('highlightSnippet', () => {
  it('marks words starting with a query word or its stem, in any case', () => {
    const s = highlightSnippet('Language Models model the LANGUAGE of modelling; a remodel is not one.', [
      'models',
      'language',
    ]);
    expect(hits(s)).toEqual(['Language', 'Models', 'model', 'LANGUAGE', 'modelling']);
    expect(text(s)).toBe('Language Models model the LANGUAGE of modelling; a remodel is not one.');
  });

  it('splits words at anything but letters, digits and marks (underscores included)', () => {
    expect(hits(highlightSnippet('gpt_4 and gpt4, GPT-4o', ['gpt']))).toEqual(['gpt', 'gpt4', 'GPT']);
    expect(hits(highlightSnippet('token_level tokens', ['4', 'level']))).toEqual(['level']);
  });

  it('folds diacritics on both sides', () => {
    expect(hits(highlightSnippet('Gödel, Escher, Bach and godel numbering', ['godel']))).toEqual([
      'Gödel',
      'godel',
    ]);
    expect(hits(highlightSnippet('Godel numbering', ['Gödel']))).toEqual(['Godel']);
  });

  it('keeps the window with the most hits of a long text, cut at spaces', () => {
    const long = `${'filler words here '.repeat(40)}the diffusion model beats diffusion baselines ${'more filler '.repeat(40)}`;
    const s = highlightSnippet(long, ['diffusion']);
    expect(hits(s)).toEqual(['diffusion', 'diffusion']);
    expect(s[0]).toEqual({ text: '…', hit: false });
    expect(s.at(-1)).toEqual({ text: '…', hit: false });
    expect(text(s).length).toBeLessThanOrEqual(322);
  });

  it('finds the same hits in ASCII text as in text with other characters', () => {
    // An ASCII text is searched with one expression; adding " é" sends the same words
    // through the Unicode path. The hits must not differ.
    const word = fc.stringMatching(/^[A-Za-z0-9_]{1,9}$/);
    const sep = fc.constantFrom(' ', ', ', '-', '_', '. ', '(', ')');
    const asciiText = fc
      .array(fc.tuple(word, sep), { maxLength: 30 })
      .map((parts) => parts.map(([w, s]) => w + s).join(''));
    const query = fc.array(fc.oneof(word, fc.constantFrom('Models', 'ATTENTION', 'c++', 'naïve', 'é')), {
      minLength: 1,
      maxLength: 4,
    });
    fc.assert(
      fc.property(asciiText, query, (t, q) => {
        const words = [...q];
        const ascii = highlightSnippet(t, words, 10_000);
        const unicode = highlightSnippet(`${t} é`, [...q], 10_000);
        expect(hits(ascii)).toEqual(hits(unicode).filter((h) => h !== 'é'));
        expect(text(ascii)).toBe(t);
      }),
    );
  });
});
