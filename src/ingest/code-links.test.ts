import { describe, expect, it } from 'vitest';
import { extractCodeLinks } from './code-links.ts';

describe('extractCodeLinks', () => {
  it.each([
    [
      'Code is at https://github.com/foo/bar.',
      {
        githubRepo: 'https://github.com/foo/bar',
        projectPage: null,
        codeLinks: ['https://github.com/foo/bar'],
      },
    ],
    [
      'See (https://github.com/foo/bar/tree/main/src) and https://gitlab.com/g/p.git',
      {
        githubRepo: 'https://github.com/foo/bar',
        projectPage: null,
        codeLinks: ['https://github.com/foo/bar', 'https://gitlab.com/g/p'],
      },
    ],
    [
      'Models: https://huggingface.co/org/model-7b, data: https://huggingface.co/datasets/org/set; demo https://huggingface.co/spaces/org/demo',
      {
        githubRepo: null,
        projectPage: null,
        codeLinks: [
          'https://huggingface.co/org/model-7b',
          'https://huggingface.co/datasets/org/set',
          'https://huggingface.co/spaces/org/demo',
        ],
      },
    ],
    [
      'Project page: https://example.org/proj/. Videos at https://youtube.com/x',
      { githubRepo: null, projectPage: 'https://example.org/proj', codeLinks: ['https://example.org/proj'] },
    ],
    [
      'Results at https://opendatalab.github.io/REST.',
      {
        githubRepo: null,
        projectPage: 'https://opendatalab.github.io/REST',
        codeLinks: ['https://opendatalab.github.io/REST'],
      },
    ],
  ])('%s', (text, expected) => {
    expect(extractCodeLinks(text)).toEqual(expected);
  });

  it('ignores user pages, HF paper pages and text without links', () => {
    expect(
      extractCodeLinks('https://github.com/foo https://huggingface.co/papers/2504.01234 none', null),
    ).toEqual({
      githubRepo: null,
      projectPage: null,
      codeLinks: [],
    });
  });

  it('reads several texts and keeps the first repo', () => {
    const r = extractCodeLinks('https://github.com/a/one', '12 pages; code: https://github.com/b/two');
    expect(r.githubRepo).toBe('https://github.com/a/one');
    expect(r.codeLinks).toEqual(['https://github.com/a/one', 'https://github.com/b/two']);
  });
});
