/**
 * The coarse stage of vector search on SQLite, held in memory: every paper's vector as
 * one bit per dimension (a million 384-dimension vectors take 48 MB) and as one signed
 * byte per dimension (384 MB), with its id and scale: 440 bytes a vector.
 *
 * - Centred codes: embedding models put most vectors on one side of a shared direction,
 *   so raw sign bits are mostly the same for every paper. Both codes are of (v − centre),
 *   the centre being the mean of the stored vectors.
 * - Steps: Hamming distance between bit codes over every paper (the same cost for any
 *   number of candidates) with a counting selection of the `shortlist` nearest (no sort
 *   of a million distances); Hamming distance ranks poorly, so recall needs a deep
 *   shortlist (tens of thousands at 1M). Every candidate is re-scored against its int8
 *   code (nearly the float ranking) and the best `pool` returned. The caller reranks
 *   those with the stored floats.
 * - The loops run in WebAssembly SIMD (knn.wat): 16 code bytes an instruction for the
 *   XOR + popcount, and 8 multiply-adds an instruction for the int8 score, with the query
 *   held as 16-bit integers (a power-of-two scale, so small integer queries stay exact).
 *   The codes live in the kernel's memory; ids and scales in JavaScript arrays.
 *
 * Why not sqlite-vec's `MATCH … AND k = ?`: reaching ~0.95 recall needs thousands of
 * candidates, and its top-k bookkeeping grows with k (1M vectors: 32 ms for k = 10,
 * 129 ms for k = 100, 417 ms for k = 300); this scan costs the same for any k.
 */
import { KNN_WASM } from './knn-wasm.ts';

/** Hamming candidates re-scored against their int8 codes per query (docs/SEARCH.md: recall by depth). */
export const DEFAULT_SHORTLIST = 60_000;

interface Kernel {
  hamming(codes: number, count: number, stride: number, query: number, dist: number, hist: number): void;
  pick(dist: number, count: number, cut: number, atCut: number, out: number): number;
  dots(int8: number, stride: number, slots: number, n: number, query: number, out: number): void;
}

let compiled: WebAssembly.Module | undefined;
const PAGE = 65_536;
const MAX_PAGES = 65_536; // 4 GiB: a 32-bit address space

const align16 = (n: number) => Math.ceil(n / 16) * 16;

/** Byte offsets in the kernel's memory for a capacity: the two code arrays, then per-query scratch. */
function layout(bitStride: number, int8Stride: number, capacity: number) {
  const queryBits = 0;
  const queryInt16 = align16(bitStride);
  const hist = queryInt16 + 2 * int8Stride;
  const bits = align16(hist + 4 * (bitStride * 8 + 1));
  const int8 = bits + capacity * bitStride;
  const dist = int8 + capacity * int8Stride;
  const slots = align16(dist + 2 * capacity);
  // One slot and one score more than the capacity: pick writes one past the last slot it
  // keeps, and dots scores slots in pairs.
  const dots = slots + 4 * (capacity + 1);
  return { queryBits, queryInt16, hist, bits, int8, dist, slots, dots, end: dots + 4 * (capacity + 1) };
}

/**
 * Of `n` candidates with scores `score(i)`, the `pool` best, best first; equal scores in
 * candidate order. A bounded min-heap: most candidates lose one comparison against its root.
 */
function best(n: number, pool: number, score: (i: number) => number): number[] {
  const heap: number[] = [];
  const s: number[] = [];
  // a is worse than b: lower score, or equal and later.
  const worse = (a: number, b: number) => s[a]! < s[b]! || (s[a] === s[b] && heap[a]! > heap[b]!);
  const swap = (a: number, b: number) => {
    [heap[a], heap[b]] = [heap[b]!, heap[a]!];
    [s[a], s[b]] = [s[b]!, s[a]!];
  };
  const down = (at: number) => {
    for (;;) {
      const l = 2 * at + 1;
      const r = l + 1;
      let m = at;
      if (l < heap.length && worse(l, m)) m = l;
      if (r < heap.length && worse(r, m)) m = r;
      if (m === at) return;
      swap(at, m);
      at = m;
    }
  };
  for (let i = 0; i < n; i++) {
    const v = score(i);
    if (heap.length < pool) {
      heap.push(i);
      s.push(v);
      for (let at = heap.length - 1; at > 0; ) {
        const up = (at - 1) >> 1;
        if (!worse(at, up)) break;
        swap(at, up);
        at = up;
      }
    } else if (pool > 0 && v > s[0]!) {
      heap[0] = i;
      s[0] = v;
      down(0);
    }
  }
  const order = heap.map((i, at) => ({ i, v: s[at]! }));
  return order.sort((a, b) => b.v - a.v || a.i - b.i).map((x) => x.i);
}

export class BinaryIndex {
  /** Bytes per bit code: one bit per dimension, padded to whole 16-byte vectors. */
  readonly bitStride: number;
  /** Bytes per int8 code: one per dimension, padded likewise. */
  readonly int8Stride: number;
  private ids: Int32Array;
  /** Per slot: max |v − centre| / 127, the int8 code's unit. */
  private scales: Float32Array;
  private capacity: number;
  private memory: WebAssembly.Memory;
  private kernel: Kernel;
  private at: ReturnType<typeof layout>;
  private u8!: Uint8Array;
  private i8!: Int8Array;
  private count = 0;
  private maxId = 0;
  /** Whether ids were appended in increasing order (then a slot is found by bisection). */
  private sorted = true;

  constructor(
    /** Vectors are coded relative to this point (its length is the dimension). */
    readonly centre: Float32Array,
    capacity = 1024,
  ) {
    this.bitStride = align16(Math.ceil(centre.length / 8));
    this.int8Stride = align16(centre.length);
    this.capacity = capacity;
    this.ids = new Int32Array(capacity);
    this.scales = new Float32Array(capacity);
    this.at = layout(this.bitStride, this.int8Stride, capacity);
    this.memory = new WebAssembly.Memory({ initial: this.pages(this.at.end), maximum: MAX_PAGES });
    compiled ??= new WebAssembly.Module(Buffer.from(KNN_WASM, 'base64'));
    this.kernel = new WebAssembly.Instance(compiled, { env: { memory: this.memory } })
      .exports as unknown as Kernel;
    this.views();
  }

  get size(): number {
    return this.count;
  }

  /** Bytes held: the kernel's memory (codes and per-query scratch), ids and scales. */
  get bytes(): number {
    return this.memory.buffer.byteLength + this.ids.byteLength + this.scales.byteLength;
  }

  /** The code of a vector (bitStride bytes): bit d set when component d is above the centre's. */
  code(v: Float32Array): Uint8Array {
    const out = new Uint8Array(this.bitStride);
    for (let d = 0; d < this.centre.length; d++) if (v[d]! > this.centre[d]!) out[d >>> 3]! |= 1 << (d & 7);
    return out;
  }

  /** Adds a paper's vector, or replaces it when the paper is already in the index. */
  upsert(id: number, vector: Float32Array): void {
    // New papers arrive in id order, so appends are the rule and the ids stay sorted: a
    // replacement (re-embedded paper, or a refresh re-reading recent vectors, possibly a
    // whole bulk import stamped alike) finds its slot by bisection, not a linear scan.
    let slot = id > this.maxId ? -1 : this.slotOf(id);
    if (slot < 0) {
      if (this.count === this.capacity) this.grow();
      slot = this.count++;
      this.ids[slot] = id;
      if (id < this.maxId) this.sorted = false;
      this.maxId = Math.max(this.maxId, id);
    }
    this.u8.set(this.code(vector), this.at.bits + slot * this.bitStride);
    const dims = this.centre.length;
    let max = 0;
    for (let d = 0; d < dims; d++) max = Math.max(max, Math.abs(vector[d]! - this.centre[d]!));
    const unit = Math.fround(max / 127);
    this.scales[slot] = unit;
    const int8 = this.i8;
    for (let d = 0, o = this.at.int8 + slot * this.int8Stride; d < dims; d++)
      int8[o + d] = unit === 0 ? 0 : Math.round((vector[d]! - this.centre[d]!) / unit);
  }

  private slotOf(id: number): number {
    if (!this.sorted) return this.ids.subarray(0, this.count).indexOf(id);
    let lo = 0;
    let hi = this.count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const at = this.ids[mid]!;
      if (at === id) return mid;
      if (at < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /**
   * Ids of about `pool` papers nearest to `query`, best first: the `shortlist` nearest
   * by Hamming distance, re-scored against their int8 codes, cut to `pool`.
   */
  nearest(query: Float32Array, pool: number, shortlist = DEFAULT_SHORTLIST): number[] {
    const slots = this.hammingNearest(query, Math.max(pool, shortlist));
    const n = slots.length;
    new Int32Array(this.memory.buffer, this.at.slots, n + 1)[n] = 0; // pairs: an odd list gets slot 0
    this.kernel.dots(this.at.int8, this.int8Stride, this.at.slots, n, this.at.queryInt16, this.at.dots);
    const dots = new Int32Array(this.memory.buffer, this.at.dots, n);
    const scales = this.scales;
    return best(n, pool, (i) => dots[i]! * scales[slots[i]!]!).map((i) => this.ids[slots[i]!]!);
  }

  /**
   * Slots of the `n` codes nearest to the query's by Hamming distance (linear, any n),
   * in slot order, left at `slots` in the kernel's memory; the query's int16 form is
   * written too, for the int8 scores.
   */
  private hammingNearest(query: Float32Array, n: number): Int32Array {
    const { at, count } = this;
    this.u8.set(this.code(query), at.queryBits);
    this.u8.set(this.queryInt16(query), at.queryInt16);
    const maxDist = this.bitStride * 8;
    const histogram = new Uint32Array(this.memory.buffer, at.hist, maxDist + 1);
    histogram.fill(0);
    this.kernel.hamming(at.bits, count, this.bitStride, at.queryBits, at.dist, at.hist);
    // Counting selection, no sort: the smallest distance `cut` with at least n codes
    // within it; every code nearer than `cut`, then codes at `cut` (in slot order) up to n.
    n = Math.min(n, count);
    let cut = 0;
    let below = 0;
    for (; cut < maxDist && below + histogram[cut]! < n; cut++) below += histogram[cut]!;
    const picked = this.kernel.pick(at.dist, count, cut, n - below, at.slots);
    return new Int32Array(this.memory.buffer, at.slots, picked);
  }

  /**
   * The query as 16-bit integers (bytes, int8Stride of them): scaled by a power of two so
   * the largest component fits in 15 bits and no dot product with int8 codes can leave
   * 32 bits (Σ |q| × 127 < 2³¹).
   */
  private queryInt16(query: Float32Array): Uint8Array {
    const dims = this.centre.length;
    let max = 0;
    let sum = 0;
    for (let d = 0; d < dims; d++) {
      max = Math.max(max, Math.abs(query[d]!));
      sum += Math.abs(query[d]!);
    }
    const needed = Math.max(max / 32_767, (sum * 127) / (2 ** 31 - 1));
    const unit = needed > 0 ? 2 ** Math.ceil(Math.log2(needed)) : 1;
    const out = new Int16Array(this.int8Stride);
    for (let d = 0; d < dims; d++) out[d] = Math.round(query[d]! / unit);
    return new Uint8Array(out.buffer);
  }

  private pages(bytes: number): number {
    const pages = Math.ceil(bytes / PAGE);
    if (pages > MAX_PAGES)
      throw new Error(
        `vector index full: ${this.capacity} vectors of ${this.centre.length} dimensions pass 4 GiB`,
      );
    return pages;
  }

  /** Typed-array views of the kernel's memory (a grown memory has a new buffer). */
  private views(): void {
    this.u8 = new Uint8Array(this.memory.buffer);
    this.i8 = new Int8Array(this.memory.buffer);
  }

  private grow(): void {
    const old = this.at;
    this.capacity *= 2;
    const next = layout(this.bitStride, this.int8Stride, this.capacity);
    const more = this.pages(next.end) - this.memory.buffer.byteLength / PAGE;
    if (more > 0) this.memory.grow(more);
    this.views();
    // Bit codes stay where they are; the int8 codes move up past the bit codes' new end.
    this.u8.copyWithin(next.int8, old.int8, old.int8 + this.count * this.int8Stride);
    this.at = next;
    const ids = new Int32Array(this.capacity);
    ids.set(this.ids);
    const scales = new Float32Array(this.capacity);
    scales.set(this.scales);
    this.ids = ids;
    this.scales = scales;
  }
}
