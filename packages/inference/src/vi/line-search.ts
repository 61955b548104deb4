import { dot } from './linalg.js';

// A line search for the strong Wolfe conditions by bracketing and zoom (Nocedal & Wright 2006,
// Algorithms 3.5 and 3.6) with safeguarded cubic interpolation. It minimises; a non-finite
// objective (outside the model's support) counts as +∞, i.e. as a step that went too far.
//
// Near a minimum the decrease a step can make falls below the rounding error of f itself (a
// log density summed over thousands of terms), and sufficient decrease can no longer be seen.
// As in Hager & Zhang (2005), a step is then also accepted on the approximate Wolfe conditions —
// σφ'(0) ≤ φ'(α) ≤ (2δ − 1)φ'(0) — provided f has not risen by more than ε·(|f| + 1); they read
// only the gradient, which stays accurate, so the optimum can be located to gradient precision.

/** f(x) with its gradient written into g; may return a non-finite value. */
export type ObjectiveWithGradient = (x: Float64Array, g: Float64Array) => number;

export interface LineSearchOptions {
  /** Sufficient-decrease constant, default 1e-4. */
  readonly c1?: number;
  /** Curvature constant, default 0.9 (quasi-Newton directions). */
  readonly c2?: number;
  /** The search fails when the bracket is narrower than this, default 1e-12 (Stan's minAlpha). */
  readonly minAlpha?: number;
  /** Objective evaluations before giving up, default 40. */
  readonly maxEvaluations?: number;
  /** ε of the approximate Wolfe conditions (relative rise of f tolerated), default 1e-10; 0 turns them off. */
  readonly approximateWolfeEpsilon?: number;
}

export interface LineSearchResult {
  /**
   * 'wolfe': the strong Wolfe conditions hold; 'approximate-wolfe': Hager and Zhang's version
   * (within rounding of f); 'armijo': only sufficient decrease (the bracket collapsed); 'failed'.
   */
  readonly status: 'wolfe' | 'approximate-wolfe' | 'armijo' | 'failed';
  readonly alpha: number;
  /** Objective at the accepted point (xOut, gOut hold it), or f0 when the search failed. */
  readonly f: number;
  readonly evaluations: number;
}

/** Minimiser of the cubic through (a, fa, da) and (b, fb, db); NaN when it does not exist. */
export function cubicMinimizer(a: number, fa: number, da: number, b: number, fb: number, db: number): number {
  const d1 = da + db - (3 * (fa - fb)) / (a - b);
  const disc = d1 * d1 - da * db;
  if (!(disc >= 0)) return Number.NaN;
  const d2 = Math.sign(b - a) * Math.sqrt(disc);
  return b - ((b - a) * (db + d2 - d1)) / (db - da + 2 * d2);
}

/**
 * Searches along the descent direction p from x0 (objective f0, gradient g0) starting with step
 * alpha0. On success xOut = x0 + α p, gOut its gradient, and the result's f its objective.
 */
export function wolfeLineSearch(
  fg: ObjectiveWithGradient,
  x0: Float64Array,
  f0: number,
  g0: Float64Array,
  p: Float64Array,
  alpha0: number,
  xOut: Float64Array,
  gOut: Float64Array,
  options: LineSearchOptions = {},
): LineSearchResult {
  const c1 = options.c1 ?? 1e-4;
  const c2 = options.c2 ?? 0.9;
  const minAlpha = options.minAlpha ?? 1e-12;
  const maxEvaluations = options.maxEvaluations ?? 40;
  const epsilon = (options.approximateWolfeEpsilon ?? 1e-10) * (Math.abs(f0) + 1);
  const n = x0.length;
  const d0 = dot(g0, p);
  if (!(d0 < 0)) return { status: 'failed', alpha: 0, f: f0, evaluations: 0 };

  let evaluations = 0;
  const phi = (alpha: number): { f: number; d: number } => {
    for (let i = 0; i < n; i++) xOut[i] = x0[i] + alpha * p[i];
    evaluations++;
    const f = fg(xOut, gOut);
    if (!Number.isFinite(f)) return { f: Number.POSITIVE_INFINITY, d: Number.NaN };
    return { f, d: dot(gOut, p) };
  };
  // The best Armijo point seen, kept as a fallback when the curvature condition cannot be met.
  let fallbackAlpha = 0;
  let fallbackF = f0;
  const armijo = (alpha: number, f: number) => f <= f0 + c1 * alpha * d0;
  const approximateWolfe = (f: number, d: number) =>
    epsilon > 0 && f <= f0 + epsilon && d >= c2 * d0 && d <= (2 * c1 - 1) * d0;
  const noteFallback = (alpha: number, f: number) => {
    if (armijo(alpha, f) && f < fallbackF) {
      fallbackAlpha = alpha;
      fallbackF = f;
    }
  };
  const finish = (status: LineSearchResult['status'], alpha: number, f: number): LineSearchResult => {
    return { status, alpha, f, evaluations };
  };
  const fallback = (): LineSearchResult => {
    if (fallbackAlpha > 0) {
      const { f } = phi(fallbackAlpha); // restore xOut, gOut at the fallback point
      return finish('armijo', fallbackAlpha, f);
    }
    for (let i = 0; i < n; i++) xOut[i] = x0[i];
    gOut.set(g0);
    return finish('failed', 0, f0);
  };

  // Zoom between lo (satisfies sufficient decrease, lowest so far) and hi.
  const zoom = (
    lo: number,
    fLo: number,
    dLo: number,
    hi: number,
    fHi: number,
    dHi: number,
  ): LineSearchResult => {
    while (evaluations < maxEvaluations) {
      const width = Math.abs(hi - lo);
      if (width < minAlpha) break;
      let alpha = Number.isFinite(fHi) ? cubicMinimizer(lo, fLo, dLo, hi, fHi, dHi) : Number.NaN;
      const left = Math.min(lo, hi) + 0.1 * width;
      const right = Math.max(lo, hi) - 0.1 * width;
      if (!(alpha >= left && alpha <= right))
        alpha = Number.isFinite(fHi) ? 0.5 * (lo + hi) : lo + 0.2 * (hi - lo);
      const { f, d } = phi(alpha);
      if (!armijo(alpha, f) && approximateWolfe(f, d)) return finish('approximate-wolfe', alpha, f);
      if (!armijo(alpha, f) || f >= fLo) {
        hi = alpha;
        fHi = f;
        dHi = d;
      } else {
        noteFallback(alpha, f);
        if (Math.abs(d) <= -c2 * d0) return finish('wolfe', alpha, f);
        if (d * (hi - lo) >= 0) {
          hi = lo;
          fHi = fLo;
          dHi = dLo;
        }
        lo = alpha;
        fLo = f;
        dLo = d;
      }
    }
    return fallback();
  };

  let prev = 0;
  let fPrev = f0;
  let dPrev = d0;
  let alpha = alpha0;
  for (let i = 0; evaluations < maxEvaluations; i++) {
    const { f, d } = phi(alpha);
    if (!armijo(alpha, f) && approximateWolfe(f, d)) return finish('approximate-wolfe', alpha, f);
    if (!armijo(alpha, f) || (i > 0 && f >= fPrev)) return zoom(prev, fPrev, dPrev, alpha, f, d);
    noteFallback(alpha, f);
    if (Math.abs(d) <= -c2 * d0) return finish('wolfe', alpha, f);
    if (d >= 0) return zoom(alpha, f, d, prev, fPrev, dPrev);
    prev = alpha;
    fPrev = f;
    dPrev = d;
    alpha *= 4;
  }
  return fallback();
}
