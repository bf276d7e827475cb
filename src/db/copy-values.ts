/**
 * Values on their way from SQLite to PostgreSQL, and a checksum that compares a table on
 * both: each row is reduced to canonical values by the target column's type (an integer
 * is a number whether SQLite kept it as text or not, a vector is its float32 components
 * whether stored as bytes or as pgvector text), hashed, and the hashes are summed, so
 * the checksum does not depend on the order the database returns rows in.
 */
import { createHash } from 'node:crypto';
import { pgVector, toFloats } from '../search/vectors.repo.ts';
import type { CopyColumn } from './copy-schema.ts';

const NUMERIC = new Set(['int2', 'int4', 'int8', 'float4', 'float8', 'numeric']);

/** A source value as the target column takes it. */
export function toTarget(value: unknown, type: string): unknown {
  if (type === 'vector' && value instanceof Uint8Array) return pgVector(toFloats(value));
  return value;
}

/** A value as both databases agree to see it. */
export function canonical(value: unknown, type: string): unknown {
  if (value === null || value === undefined) return null;
  if (type === 'vector') {
    const floats =
      value instanceof Uint8Array
        ? toFloats(value)
        : Float32Array.from(JSON.parse(String(value)) as number[]);
    return Array.from(floats);
  }
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  if (NUMERIC.has(type)) return Number(value);
  return String(value);
}

const MASK = (1n << 64n) - 1n;

/** An order-independent running checksum of a table's rows. */
export class TableChecksum {
  private a = 0n;
  private b = 0n;
  rows = 0;
  constructor(private readonly columns: CopyColumn[]) {}

  add(row: Record<string, unknown>): void {
    const values = this.columns.map((c) => canonical(row[c.name], c.type));
    const h = createHash('sha256').update(JSON.stringify(values)).digest();
    // Two 64-bit lanes summed modulo 2^64: adding is commutative (row order does not
    // matter) and, unlike XOR, a duplicated row changes the sum.
    this.a = (this.a + h.readBigUInt64BE(0)) & MASK;
    this.b = (this.b + h.readBigUInt64BE(8)) & MASK;
    this.rows++;
  }

  get value(): string {
    return this.a.toString(16).padStart(16, '0') + this.b.toString(16).padStart(16, '0');
  }
}
