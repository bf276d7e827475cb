/**
 * The committed kernel bytes are the assembled knn.wat (run `npm run build:wasm` after
 * editing it), and the kernel's 16-bit query cannot overflow its 32-bit sums.
 */
import { describe, expect, it } from 'vitest';
import { assembleKnn } from '../../scripts/build-wasm.js';
import { BinaryIndex } from './binary-index.ts';
import { KNN_WASM } from './knn-wasm.ts';

describe('vector kernel', () => {
  it('is the assembled knn.wat', async () => {
    expect(Buffer.from(KNN_WASM, 'base64').equals(await assembleKnn())).toBe(true);
  });

  it('scores the longest codes at full scale without overflow (4,096 dimensions of ±1)', () => {
    const dims = 4096;
    const index = new BinaryIndex(new Float32Array(dims));
    const query = new Float32Array(dims).fill(1);
    // Dot products with the query: 4,096 (every component agrees), then 4,094, …, −4,096.
    const flips = [dims, 1, 0, 2, 3];
    for (const [id, n] of flips.entries())
      index.upsert(
        id + 1,
        query.map((_, d) => (d < n ? -1 : 1)),
      );
    expect(index.nearest(query, 5, 5)).toEqual([3, 2, 4, 5, 1]);
  });
});
