import { describe, expect, it } from 'vitest';
import type { CopyColumn } from './copy-schema.ts';
import { canonical, TableChecksum, toTarget } from './copy-values.ts';

const columns: CopyColumn[] = [
  { name: 'id', type: 'int4' },
  { name: 'title', type: 'text' },
  { name: 'embedding', type: 'vector' },
];
const floats = Float32Array.from([0.1, -2.5, 1 / 3]);
const bytes = Buffer.from(floats.buffer);

function checksum(rows: Record<string, unknown>[]) {
  const c = new TableChecksum(columns);
  for (const r of rows) c.add(r);
  return c.value;
}

describe('copy values and checksums', () => {
  it('a SQLite vector (bytes) and its pgvector text are the same value', () => {
    const text = toTarget(bytes, 'vector') as string;
    expect(text).toMatch(/^\[.*\]$/);
    expect(canonical(text, 'vector')).toEqual(canonical(bytes, 'vector'));
    expect(canonical(bytes, 'vector')).toEqual(Array.from(floats));
    expect(toTarget('plain', 'text')).toBe('plain');
  });

  it('an integer SQLite stored as text equals the integer PostgreSQL returns', () => {
    expect(canonical('42', 'int4')).toBe(canonical(42, 'int4'));
    expect(canonical(42, 'text')).toBe('42');
    expect(canonical(undefined, 'text')).toBeNull();
  });

  it('does not depend on row order, but sees a changed value, a missing row and a duplicate', () => {
    const a = { id: 1, title: 'one', embedding: bytes };
    const b = { id: 2, title: 'two', embedding: null };
    const base = checksum([a, b]);
    expect(checksum([b, a])).toBe(base);
    expect(
      checksum([
        { ...b, embedding: null, id: '2' },
        { ...a, embedding: toTarget(bytes, 'vector') },
      ]),
    ).toBe(base);
    expect(checksum([a, { ...b, title: 'Two' }])).not.toBe(base);
    expect(checksum([a])).not.toBe(base);
    expect(checksum([a, b, b])).not.toBe(base);
    // Two rows swapping a value between them is a different table.
    expect(
      checksum([
        { ...a, title: 'two' },
        { ...b, title: 'one' },
      ]),
    ).not.toBe(base);
  });
});
