import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { DEFAULT_TRENDING_WEIGHTS } from './ranking.ts';
import { trendingFormula, trendingWeights } from './trending.ts';

const DOCS = path.resolve(import.meta.dirname, '../../docs');

describe('the one trending definition', () => {
  const config = loadConfig({ PAPERBOY_DATA_DIR: '/nonexistent' });

  it('defaults to the weights ranking.ts documents', () => {
    expect(trendingWeights(config)).toEqual(DEFAULT_TRENDING_WEIGHTS);
  });

  it('is quoted by the docs as the code states it, not restated', () => {
    const formula = trendingFormula(config);
    expect(formula).toContain('÷ (hours since featured + 2)^1.8');
    for (const doc of ['API.md', 'COMMUNITY.md']) {
      expect(fs.readFileSync(path.join(DOCS, doc), 'utf8'), doc).toContain(formula);
    }
  });

  it('follows the configuration', () => {
    const c = loadConfig({
      PAPERBOY_DATA_DIR: '/nonexistent',
      TRENDING_GRAVITY: '1.5',
      TRENDING_WINDOW_DAYS: '3',
    });
    expect(trendingFormula(c)).toContain('^1.5, over the last 3 feed days');
  });
});
