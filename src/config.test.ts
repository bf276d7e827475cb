import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configFields, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('lists every bad value at once, by name', () => {
    expect(() => loadConfig({ SEARCH_VECTOR_OVERSAMPLE: '0', SEARCH_CANDIDATES: 'many' })).toThrow(
      /SEARCH_CANDIDATES[\s\S]*SEARCH_VECTOR_OVERSAMPLE|SEARCH_VECTOR_OVERSAMPLE[\s\S]*SEARCH_CANDIDATES/,
    );
    expect(loadConfig({}).SEARCH_VECTOR_OVERSAMPLE).toBe(30);
    expect(loadConfig({ SEARCH_VECTOR_OVERSAMPLE: '100' }).SEARCH_VECTOR_OVERSAMPLE).toBe(100);
  });

  it('documents every key in .env.example and README.md', () => {
    const root = new URL('../', import.meta.url);
    const example = fs.readFileSync(new URL('.env.example', root), 'utf8');
    const readme = fs.readFileSync(new URL('README.md', root), 'utf8');
    const keys = Object.keys(configFields.shape);
    expect(keys.filter((k) => !new RegExp(`^#?\\s*${k}=`, 'm').test(example))).toEqual([]);
    expect(keys.filter((k) => !readme.includes(`\`${k}\``))).toEqual([]);
  });
});
