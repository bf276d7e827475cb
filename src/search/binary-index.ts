/**
 * The coarse stage of vector search on SQLite, held in memory: every paper's vector as
 * one bit per dimension (a million 384-dimension vectors take 48 MB) and as one signed
 * byte per dimension (384 MB), with its id and scale: 440 bytes a vector.
 *
 * - Centred codes: embedding models put most vectors on one side of a shared direction,
 *   so raw sign bits are mostly the same for every paper. Both codes are of (v − centre),
 *   the centre being the mean of the stored vectors.
 * - Steps: Hamming distance between bit codes over every paper (XOR + popcount, the
 *   same cost for any number of candidates) with a counting selection of the
 *   `shortlist` nearest (no sort of a million distances); Hamming distance ranks poorly,
 *   so recall needs a deep shortlist (tens of thousands at 1M). It is re-scored with
 *   the float query against the bits (a table lookup per byte), the best eighth of it
 *   against the int8 codes (384 multiplications, nearly the float ranking), and the
 *   best `pool` returned. The caller reranks those with the stored floats.
 *
 * Why not sqlite-vec's `MATCH … AND k = ?`: reaching ~0.95 recall needs thousands of
 * candidates, and its top-k bookkeeping grows with k (1M vectors: 32 ms for k = 10,
 * 129 ms for k = 100, 417 ms for k = 300); this scan costs the same for any k.
 */

/** Hamming candidates re-scored in memory per query (docs/SEARCH.md: recall by depth). */
export const DEFAULT_SHORTLIST = 60_000;

/**
 * The `pool` slots with the highest scores, in the order given (ties at the threshold:
 * earlier first). The threshold comes from a sorted copy of the scores (a native
 * typed-array sort).
 */
function topSlots(slots: Int32Array, scores: Float64Array, pool: number): Int32Array {
  if (pool >= scores.length) return slots;
  const threshold = scores.slice().sort()[scores.length - pool]!;
  let ties = pool;
  for (const s of scores) if (s > threshold) ties--;
  const top = new Int32Array(pool);
  for (let i = 0, k = 0; k < pool; i++)
    if (scores[i]! > threshold || (scores[i] === threshold && ties-- > 0)) top[k++] = slots[i]!;
  return top;
}

export class BinaryIndex {
  /** 32-bit words per code. */
  readonly words: number;
  private ids: Int32Array;
  private codes: Uint32Array;
  /** One byte per dimension: (v − centre) × 127 / max |v − centre|. */
  private int8: Int8Array;
  /** Per slot: max |v − centre| / 127, the int8 code's unit. */
  private scales: Float32Array;
  private count = 0;
  private maxId = 0;
  /** Whether ids were appended in increasing order (then a slot is found by bisection). */
  private sorted = true;

  constructor(
    /** Vectors are coded relative to this point (its length is the dimension). */
    readonly centre: Float32Array,
    capacity = 1024,
  ) {
    this.words = Math.ceil(centre.length / 32);
    this.ids = new Int32Array(capacity);
    this.codes = new Uint32Array(capacity * this.words);
    this.int8 = new Int8Array(capacity * centre.length);
    this.scales = new Float32Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Bytes held by ids, codes and scales (capacity included). */
  get bytes(): number {
    return this.ids.byteLength + this.codes.byteLength + this.int8.byteLength + this.scales.byteLength;
  }

  /** The code of a vector: bit d set when component d is above the centre's. */
  code(v: Float32Array): Uint32Array {
    const out = new Uint32Array(this.words);
    for (let d = 0; d < this.centre.length; d++) if (v[d]! > this.centre[d]!) out[d >>> 5]! |= 1 << (d & 31);
    return out;
  }

  /** Adds a paper's vector, or replaces it when the paper is already in the index. */
  upsert(id: number, vector: Float32Array): void {
    // New papers arrive in id order, so appends are the rule and the ids stay sorted: a
    // replacement (re-embedded paper, or a refresh re-reading recent vectors, possibly a
    // whole bulk import stamped alike) finds its slot by bisection, not a linear scan.
    let slot = id > this.maxId ? -1 : this.slotOf(id);
    if (slot < 0) {
      if (this.count === this.ids.length) this.grow();
      slot = this.count++;
      this.ids[slot] = id;
      if (id < this.maxId) this.sorted = false;
      this.maxId = Math.max(this.maxId, id);
    }
    this.codes.set(this.code(vector), slot * this.words);
    const dims = this.centre.length;
    let max = 0;
    for (let d = 0; d < dims; d++) max = Math.max(max, Math.abs(vector[d]! - this.centre[d]!));
    const unit = Math.fround(max / 127);
    this.scales[slot] = unit;
    for (let d = 0, o = slot * dims; d < dims; d++)
      this.int8[o + d] = unit === 0 ? 0 : Math.round((vector[d]! - this.centre[d]!) / unit);
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
   * by Hamming distance, the best `rescored` of them by the float query against their
   * bits, those re-scored against their int8 codes, cut to `pool`.
   */
  nearest(
    query: Float32Array,
    pool: number,
    shortlist = DEFAULT_SHORTLIST,
    rescored = Math.ceil(shortlist / 8),
  ): number[] {
    const hamming = this.hammingNearest(this.code(query), Math.max(pool, shortlist));
    const slots = topSlots(hamming, this.bitScores(query, hamming), Math.max(pool, rescored));
    const scores = this.int8Scores(query, slots);
    const best = Array.from(topSlots(Int32Array.from(scores.keys()), scores, pool));
    best.sort((a, b) => scores[b]! - scores[a]! || slots[a]! - slots[b]!);
    return best.map((i) => this.ids[slots[i]!]!);
  }

  /** Slots of the `n` codes nearest to `code` by Hamming distance (linear, any n). */
  private hammingNearest(code: Uint32Array, n: number): Int32Array {
    const count = this.count;
    const w = this.words;
    const maxDist = w * 32;
    const dist = new Uint16Array(count);
    const histogram = new Uint32Array(maxDist + 1);
    const codes = this.codes;
    for (let i = 0, o = 0; i < count; i++, o += w) {
      // Popcount of the XOR with the per-byte counts of up to 15 words summed before they
      // are folded (a byte lane then holds at most 120, and the sum stays a small integer):
      // a handful of integer operations per word, no table lookups.
      let d = 0;
      for (let j = 0; j < w; ) {
        let lanes = 0;
        for (const end = Math.min(w, j + 15); j < end; j++) {
          let x = codes[o + j]! ^ code[j]!;
          x -= (x >>> 1) & 0x55555555;
          x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
          lanes += (x + (x >>> 4)) & 0x0f0f0f0f;
        }
        lanes = (lanes & 0x00ff00ff) + ((lanes >>> 8) & 0x00ff00ff);
        d += (lanes & 0xffff) + (lanes >>> 16);
      }
      dist[i] = d;
      histogram[d]!++;
    }
    // Counting selection, no sort: the smallest distance `cut` with at least n codes
    // within it; every code nearer than `cut`, then codes at `cut` (in slot order) up to n.
    n = Math.min(n, count);
    let cut = 0;
    let below = 0;
    for (; cut < maxDist && below + histogram[cut]! < n; cut++) below += histogram[cut]!;
    let atCut = n - below;
    const picked = new Int32Array(n);
    for (let i = 0, k = 0; i < count && k < n; i++) {
      const d = dist[i]!;
      if (d < cut || (d === cut && atCut-- > 0)) picked[k++] = i;
    }
    return picked;
  }

  /**
   * Score of each slot's bit code against the float query: Σ (q − centre)_d over the set
   * bits, which orders codes as the dot product of the query with their ±1 vectors does
   * (~5 times cheaper than the int8 score: one table per code byte holds the sum for
   * each of its 256 values).
   */
  private bitScores(query: Float32Array, slots: Int32Array): Float64Array {
    const bytes = this.words * 4;
    const table = new Float32Array(bytes * 256);
    for (let b = 0; b < bytes; b++)
      for (let bit = 0; bit < 8; bit++) {
        const d = b * 8 + bit;
        if (d >= this.centre.length) break;
        const q = query[d]! - this.centre[d]!;
        for (let value = 0; value < 256; value++) if (value & (1 << bit)) table[b * 256 + value]! += q;
      }
    const codes = this.codes;
    const w = this.words;
    const out = new Float64Array(slots.length);
    for (let i = 0; i < slots.length; i++) {
      let s = 0;
      for (let j = 0, o = slots[i]! * w; j < w; j++) {
        const word = codes[o + j]!;
        const t = j * 1024; // 4 bytes × 256 entries per word
        s +=
          table[t + (word & 255)]! +
          table[t + 256 + ((word >>> 8) & 255)]! +
          table[t + 512 + ((word >>> 16) & 255)]! +
          table[t + 768 + (word >>> 24)]!;
      }
      out[i] = s;
    }
    return out;
  }

  /**
   * The query's dot product with each slot's vector, less the part every slot shares
   * (query · centre): scale × Σ q_d × code_d over the int8 code of (v − centre).
   */
  private int8Scores(query: Float32Array, slots: Int32Array): Float64Array {
    const dims = this.centre.length;
    const q = Float64Array.from(query.subarray(0, dims));
    const int8 = this.int8;
    const out = new Float64Array(slots.length);
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!;
      const o = slot * dims;
      let s = 0;
      for (let d = 0; d < dims; d++) s += q[d]! * int8[o + d]!;
      out[i] = s * this.scales[slot]!;
    }
    return out;
  }

  private grow(): void {
    const ids = new Int32Array(this.ids.length * 2);
    ids.set(this.ids);
    const codes = new Uint32Array(ids.length * this.words);
    codes.set(this.codes);
    const int8 = new Int8Array(ids.length * this.centre.length);
    int8.set(this.int8);
    const scales = new Float32Array(ids.length);
    scales.set(this.scales);
    this.ids = ids;
    this.codes = codes;
    this.int8 = int8;
    this.scales = scales;
  }
}
