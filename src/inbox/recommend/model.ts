/**
 * The per-member model: L2-regularised logistic regression over sparse tf-idf vectors,
 * trained to convergence by Nesterov's accelerated gradient on the features the member's
 * examples use. Pure and deterministic: the same examples in the same order give the same
 * weights.
 *
 * The loss is a plain sum (no per-class rebalancing, fixed λ), so each example is one
 * independent term. That is what makes "adding a positive example for a paper never lowers
 * that paper's score" hold at the optimum: with w the minimiser of F and w' that of
 * F + ℓ(w·x), F(w') + ℓ(w'·x) ≤ F(w) + ℓ(w·x) and F(w) ≤ F(w'), so ℓ(w'·x) ≤ ℓ(w·x), and ℓ
 * is decreasing.
 */
import type { SparseVec } from './features.ts';

export interface Example {
  x: SparseVec;
  positive: boolean;
  /** How much the example counts (a save more than a sampled unseen paper). */
  weight: number;
}

export interface LinearModel {
  /** Buckets with a weight (ascending) and the weights. */
  idx: Int32Array;
  val: Float64Array;
  bias: number;
}

export interface TrainOptions {
  /** λ of the L2 penalty (on the bias too, which keeps the problem strongly convex). */
  l2: number;
  maxIterations: number;
  /** Stop when the gradient's norm falls below this (scores are then exact to ~tolerance/λ). */
  tolerance: number;
}

export const DEFAULT_TRAINING: TrainOptions = { l2: 1, maxIterations: 2000, tolerance: 1e-6 };

/**
 * Trains to convergence. `start` (the member's previous model) only sets where the search
 * begins: retraining after one more signal then takes a few steps instead of hundreds, and
 * ends at the same optimum (up to the tolerance).
 */
export function train(
  examples: Example[],
  opts: TrainOptions = DEFAULT_TRAINING,
  start?: LinearModel,
): LinearModel {
  // Features used by the examples, numbered locally; the bias is the last coordinate.
  const local = new Map<number, number>();
  for (const e of examples) for (const b of e.x.idx) if (!local.has(b)) local.set(b, local.size);
  const d = local.size + 1;
  const rows = examples.map((e) => ({
    cols: Int32Array.from(e.x.idx, (b) => local.get(b) as number),
    vals: Float64Array.from(e.x.val),
    sign: e.positive ? 1 : -1,
    c: e.weight,
  }));
  const margin = (w: Float64Array, r: (typeof rows)[number]) => {
    let z = w[d - 1] as number;
    for (let k = 0; k < r.cols.length; k++) z += (w[r.cols[k] as number] as number) * (r.vals[k] as number);
    return z;
  };
  const gradient = (w: Float64Array, g: Float64Array) => {
    for (let j = 0; j < d; j++) g[j] = opts.l2 * (w[j] as number);
    for (const r of rows) {
      // d/dz of c·log(1 + exp(−s·z)) = −c·s·σ(−s·z)
      const coef = (-r.c * r.sign) / (1 + Math.exp(r.sign * margin(w, r)));
      for (let k = 0; k < r.cols.length; k++) {
        const j = r.cols[k] as number;
        g[j] = (g[j] as number) + coef * (r.vals[k] as number);
      }
      g[d - 1] = (g[d - 1] as number) + coef;
    }
    let n = 0;
    for (let j = 0; j < d; j++) n += (g[j] as number) ** 2;
    return Math.sqrt(n);
  };

  const L = smoothness(rows, d, opts.l2);
  const kappa = L / opts.l2;
  const momentum = (Math.sqrt(kappa) - 1) / (Math.sqrt(kappa) + 1);
  let w = new Float64Array(d);
  if (start) {
    w[d - 1] = start.bias;
    start.idx.forEach((b, k) => {
      const j = local.get(b);
      if (j !== undefined) w[j] = start.val[k] as number;
    });
  }
  const y = Float64Array.from(w);
  const g = new Float64Array(d);
  for (let t = 0; t < opts.maxIterations; t++) {
    if (gradient(y, g) < opts.tolerance) {
      w = y;
      break;
    }
    const next = new Float64Array(d);
    for (let j = 0; j < d; j++) next[j] = (y[j] as number) - (g[j] as number) / L;
    for (let j = 0; j < d; j++)
      y[j] = (next[j] as number) + momentum * ((next[j] as number) - (w[j] as number));
    w = next;
  }
  const order = [...local.entries()].sort((a, b) => a[0] - b[0]);
  return {
    idx: Int32Array.from(order, ([b]) => b),
    val: Float64Array.from(order, ([, j]) => w[j] as number),
    bias: w[d - 1] as number,
  };
}

/**
 * An upper bound of the gradient's Lipschitz constant, 0.25·λmax(Σ c·x·xᵀ) + λ: twice the
 * power-iteration estimate, never more than the trace bound (always valid).
 */
function smoothness(
  rows: { cols: Int32Array; vals: Float64Array; c: number }[],
  d: number,
  l2: number,
): number {
  let trace = 0;
  for (const r of rows) {
    let n = 1;
    for (const v of r.vals) n += v * v;
    trace += r.c * n;
  }
  let v = new Float64Array(d).fill(1 / Math.sqrt(d));
  let estimate = 0;
  for (let it = 0; it < 30; it++) {
    const out = new Float64Array(d);
    for (const r of rows) {
      let z = v[d - 1] as number;
      for (let k = 0; k < r.cols.length; k++) z += (v[r.cols[k] as number] as number) * (r.vals[k] as number);
      for (let k = 0; k < r.cols.length; k++) {
        const j = r.cols[k] as number;
        out[j] = (out[j] as number) + r.c * z * (r.vals[k] as number);
      }
      out[d - 1] = (out[d - 1] as number) + r.c * z;
    }
    let n = 0;
    for (const x of out) n += x * x;
    estimate = Math.sqrt(n);
    if (estimate === 0) break;
    v = out.map((x) => x / estimate);
  }
  return 0.25 * Math.min(trace, 2 * estimate) + l2;
}

/** w·x + b of one vector. */
export function scoreOne(m: LinearModel, x: SparseVec): number {
  let i = 0;
  let j = 0;
  let s = m.bias;
  while (i < m.idx.length && j < x.idx.length) {
    const a = m.idx[i] as number;
    const b = x.idx[j] as number;
    if (a === b) s += (m.val[i] as number) * (x.val[j++] as number);
    if (a <= b) i++;
    else j++;
  }
  return s;
}

/** The model as plain JSON (what a member downloads, and what is stored). */
export function modelToJson(m: LinearModel): { bias: number; weights: [number, number][] } {
  return { bias: m.bias, weights: Array.from(m.idx, (b, i) => [b, m.val[i] as number]) };
}

export function modelFromJson(j: { bias: number; weights: [number, number][] }): LinearModel {
  return {
    bias: j.bias,
    idx: Int32Array.from(j.weights, ([b]) => b),
    val: Float64Array.from(j.weights, ([, w]) => w),
  };
}
