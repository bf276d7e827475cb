import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidArxivIdError, parseArxivId, tryParseArxivId } from './ids.ts';

describe('parseArxivId', () => {
  it.each([
    ['2504.01234', { id: '2504.01234' }],
    ['2504.01234v2', { id: '2504.01234', version: 2 }],
    ['  arXiv:2504.01234v12 ', { id: '2504.01234', version: 12 }],
    ['0704.0001', { id: '0704.0001' }],
    ['1412.8544', { id: '1412.8544' }],
    ['hep-th/9901001', { id: 'hep-th/9901001' }],
    ['hep-th/9901001v3', { id: 'hep-th/9901001', version: 3 }],
    ['math.GT/0309136', { id: 'math/0309136' }],
    ['quant-ph/0201082v1', { id: 'quant-ph/0201082', version: 1 }],
    ['https://arxiv.org/abs/2504.01234v2', { id: '2504.01234', version: 2 }],
    ['https://arxiv.org/pdf/2504.01234', { id: '2504.01234' }],
    ['https://arxiv.org/pdf/2504.01234v3.pdf', { id: '2504.01234', version: 3 }],
    ['http://export.arxiv.org/abs/astro-ph/0601001', { id: 'astro-ph/0601001' }],
    ['https://www.arxiv.org/abs/hep-th/9901001v2', { id: 'hep-th/9901001', version: 2 }],
    ['https://huggingface.co/papers/2608.19880', { id: '2608.19880' }],
  ])('%s', (input, expected) => {
    expect(parseArxivId(input)).toEqual(expected);
  });

  it.each([
    'abc',
    '',
    '2504.1234', // four digits after 2015
    '1412.12345', // five digits before 2015
    '2513.01234', // month 13
    '0612.0001', // new style before April 2007
    'foo-bar/9901001',
    'hep-th/9913001',
    'https://example.com/abs/2504.01234',
    '2504.01234v0',
    '2504.01234; DROP TABLE papers',
  ])('rejects %j', (input) => {
    expect(tryParseArxivId(input)).toBeNull();
    expect(() => parseArxivId(input)).toThrow(InvalidArxivIdError);
  });

  it('never throws anything but InvalidArxivIdError, and round-trips what it accepts', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (s) => {
        const r = tryParseArxivId(s);
        if (r) expect(tryParseArxivId(r.id)).toEqual({ id: r.id });
      }),
    );
  });
});
