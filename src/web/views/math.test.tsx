import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { MathText, splitMath } from './math.tsx';
import { snippet } from './paper-card.tsx';

const shape = (s: string) =>
  splitMath(s).map((p) => (p.tex !== undefined ? { tex: p.tex, display: p.display } : p.text));

describe('splitMath', () => {
  it('finds inline and display math', () => {
    expect(shape('$\\omega$Test: on $O(n^2)$ time')).toEqual([
      { tex: '\\omega', display: false },
      'Test: on ',
      { tex: 'O(n^2)', display: false },
      ' time',
    ]);
    expect(shape('Energy $$E = mc^2$$ holds')).toEqual([
      'Energy ',
      { tex: 'E = mc^2', display: true },
      ' holds',
    ]);
  });

  it('leaves prices and escaped dollars as text (real abstracts from the demo data)', () => {
    const prices =
      'The full system uses 11.9M tokens, costs $8.1 per manuscript, and requires 3.2 hours on average, for under $3.';
    expect(shape(prices)).toEqual([prices]);
    expect(shape('between $5 and $10 each')).toEqual(['between $5 and $10 each']);
    expect(shape('approximately \\$400K.')).toEqual(['approximately $400K.']);
    expect(shape('a $ lone dollar')).toEqual(['a $ lone dollar']);
  });

  it('never lets TeX inject markup', () => {
    const html = renderToString(<MathText text={'<b>x</b> $\\href{javascript:alert(1)}{x}$ <script>'} />);
    expect(html).not.toContain('<b>');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('href="javascript');
    expect(html).toContain('&lt;b>');
  });
});

describe('snippet', () => {
  it('keeps short text and cuts long text at a word boundary', () => {
    expect(snippet('short')).toBe('short');
    const s = snippet('word '.repeat(100), 50);
    expect(s.length).toBeLessThanOrEqual(51);
    expect(s.endsWith('word…')).toBe(true);
  });

  it('drops a formula that straddles the limit instead of cutting it', () => {
    const text = `${'a'.repeat(40)} $\\sum_{i=1}^{n} x_i$ and more text after it`;
    const s = snippet(text, 50);
    expect(s).toBe(`${'a'.repeat(40)}…`);
  });
});
