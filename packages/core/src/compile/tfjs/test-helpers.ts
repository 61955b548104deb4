import type { Graph } from '../../graph/graph.js';
import { compile } from '../compile.js';
import { compileTfjs, type TfjsCompiledModel } from './compile.js';

/**
 * Agreement of the tfjs backend (float32) with the js backend (float64), used by the tests.
 *
 * Tolerance: tfjs computes in float32, unit roundoff u = 2⁻²⁴ ≈ 6e-8. θ itself is rounded to
 * float32 (relative u), and each op adds a relative error of a few u to its result; a
 * log-density of n terms through ~d ops accumulates about d·n·u relative to the *scale* of the
 * terms, which the sum can hide by cancellation. With d·n ≲ 10³ in the test models that is
 * ≲ 6e-5, so values are compared to a relative 1e-4 of max(1, |value|), and every gradient
 * component to 1e-4 of max(1, |gradient|∞) (a gradient entry is a sum of the same kind of terms).
 * The measured worst cases are printed by the tests (and quoted in the report).
 */
export const TOLERANCE = 1e-4;

/** Batched vs one-by-one tfjs evaluation: the same float32 arithmetic up to summation order. */
export const BATCH_TOLERANCE = 1e-5;

export interface Agreement {
  /** |lp_tf − lp_js| / max(1, |lp_js|) */
  value: number;
  /** max_i |g_tf − g_js| / max(1, ‖g_js‖∞) */
  gradient: number;
}

export function agreementAt(
  js: ReturnType<typeof compile>,
  tf: TfjsCompiledModel,
  theta: Float64Array,
): Agreement {
  const gj = new Float64Array(js.dim);
  const gt = new Float64Array(tf.dim);
  const vj = js.logDensityAndGradient(theta, gj);
  const vt = tf.logDensityAndGradient(theta, gt);
  const value = vj === vt ? 0 : Math.abs(vt - vj) / Math.max(1, Math.abs(vj));
  let gmax = 1;
  for (const g of gj) gmax = Math.max(gmax, Math.abs(g));
  let gradient = 0;
  for (let i = 0; i < js.dim; i++) gradient = Math.max(gradient, Math.abs(gt[i] - gj[i]) / gmax);
  if (Number.isNaN(vt) || Number.isNaN(vj)) return { value: Number.NaN, gradient: Number.NaN };
  return { value, gradient: Number.isNaN(gradient) ? Number.POSITIVE_INFINITY : gradient };
}

/** A small deterministic generator (tests only). */
export function lcg(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** `n` points near `base`: each coordinate moved by up to ±spread. */
export function pointsNear(base: ArrayLike<number>, n: number, spread: number, seed = 1): Float64Array[] {
  const u = lcg(seed);
  return Array.from({ length: n }, (_, k) =>
    Float64Array.from(base, (v) => (k === 0 ? v : v + spread * (2 * u() - 1))),
  );
}

/** Compiles with both backends and returns the worst agreement over the points. */
export function compareBackends(
  graph: Graph,
  points: readonly Float64Array[],
): Agreement & { tf: TfjsCompiledModel } {
  const js = compile(graph);
  const tf = compileTfjs(graph, { checkShapes: true });
  let worst: Agreement = { value: 0, gradient: 0 };
  for (const p of points) {
    const a = agreementAt(js, tf, p);
    worst = {
      value: Number.isNaN(a.value) ? Number.NaN : Math.max(worst.value, a.value),
      gradient: Number.isNaN(a.gradient) ? Number.NaN : Math.max(worst.gradient, a.gradient),
    };
  }
  return { ...worst, tf };
}

/**
 * Largest difference between batched evaluation of the points and their one-by-one evaluation
 * (both tfjs), relative to max(1, |value|) and max(1, ‖gradient‖∞). The two only differ by
 * float32 summation order inside batched kernels.
 */
export function batchDiscrepancy(tf: TfjsCompiledModel, points: readonly Float64Array[]): number {
  const B = points.length;
  const dim = tf.dim;
  const thetas = new Float64Array(B * dim);
  points.forEach((p, b) => thetas.set(p.subarray(0, dim), b * dim));
  const grads = new Float64Array(B * dim);
  const values = tf.logDensityAndGradientBatch(thetas, B, grads);
  const valuesOnly = tf.logDensityBatch(thetas, B);
  let worst = 0;
  const g1 = new Float64Array(dim);
  points.forEach((p, b) => {
    const v = tf.logDensityAndGradient(p, g1);
    const scale = Math.max(1, Math.abs(v));
    worst = Math.max(worst, Math.abs(values[b] - v) / scale, Math.abs(valuesOnly[b] - v) / scale);
    let gs = 1;
    for (const g of g1) gs = Math.max(gs, Math.abs(g));
    for (let i = 0; i < dim; i++) worst = Math.max(worst, Math.abs(grads[b * dim + i] - g1[i]) / gs);
  });
  return worst;
}
