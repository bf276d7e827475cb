import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IngestError } from '../shared/errors.ts';
import { parseHfDaily } from './hf-daily.ts';

const fixture = (d: string) =>
  fs.readFileSync(new URL(`../../test/fixtures/hf-daily/${d}.json`, import.meta.url), 'utf8');

describe('parseHfDaily', () => {
  it('reads every schema generation of the real responses', () => {
    for (const [day, count] of [
      ['2024-05-27', 13],
      ['2025-09-29', 30],
      ['2026-08-21', 17],
    ] as const) {
      const r = parseHfDaily(fixture(day), `${day}.json`, day);
      expect(r.rejected).toEqual([]);
      expect(r.papers).toHaveLength(count);
      expect(r.entries.every((e) => e.feedDate === day)).toBe(true);
    }
  });

  it('maps fields: id, unwrapped title, authors, upvotes, code and project links, submitter', () => {
    const r = parseHfDaily(fixture('2025-09-29'), '2025-09-29.json', '2025-09-29');
    const p = r.papers.find((x) => x.arxivId === '2509.22622')!;
    expect(p.title).toBe('LongLive: Real-time Interactive Long Video Generation');
    expect(p.authors[0]).toMatchObject({ name: 'Shuai Yang', hfUser: null, hidden: false });
    expect(p.verbatim).toBe(true);
    expect(p.githubRepo).toBe('https://github.com/NVlabs/LongLive');
    expect(p.projectPage).toBe('https://nvlabs.github.io/LongLive/');
    expect(p.publishedAt).toBe('2025-09-26T17:48:24.000Z');
    const e = r.entries.find((x) => x.arxivId === '2509.22622')!;
    expect(e.submitter?.handle).toBe('Andyson');
    expect(e.submittedAt).toBe('2025-09-29T00:52:38.341Z');
    // The day owns its counts: the same paper on another day has its own.
    expect(e.importedUpvotes).toBe(100);
    expect(e.position).toBe(r.entries.indexOf(e));
  });

  it('names the file when the JSON is malformed or truncated', () => {
    const text = fixture('2024-05-27');
    expect(() => parseHfDaily(text.slice(0, text.length / 2), 'day.json')).toThrow(IngestError);
    expect(() => parseHfDaily(text.slice(0, text.length / 2), 'day.json')).toThrow(/day\.json/);
    expect(() => parseHfDaily('{"a":1}', 'obj.json')).toThrow(/expected a JSON array/);
  });

  it('rejects single bad items and keeps the rest', () => {
    const items = JSON.parse(fixture('2024-05-27')) as { paper: { id: string } }[];
    items[0]!.paper.id = '<script>';
    (items[1] as { paper: unknown }).paper = null;
    const r = parseHfDaily(JSON.stringify(items), 'x.json', '2024-05-27');
    expect(r.rejected.map((x) => x.index)).toEqual([0, 1]);
    expect(r.papers).toHaveLength(11);
  });
});
