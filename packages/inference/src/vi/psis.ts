// Pareto-smoothed importance sampling (Vehtari, Simpson, Gelman, Yao & Gabry 2024), as Stan's
// Pathfinder does it (`services/pathfinder/psis.hpp`): the M = ⌊min(0.2 S, 3√S)⌋ largest
// importance ratios are replaced by the expected order statistics of a generalized Pareto
// distribution fitted to them (Zhang & Stephens 2009, with the weakly informative prior on k̂),
// and every weight is truncated at the largest raw weight. k̂ is the fitted shape: above 0.7 the
// importance weights (here: the approximation) cannot be trusted.

export interface GpdFit {
  /** Shape k̂ (weakly regularised towards 0.5). */
  readonly k: number;
  /** Scale σ. */
  readonly sigma: number;
}

/**
 * Fits a generalized Pareto distribution with location 0 to `x`, sorted ascending, by Zhang &
 * Stephens' (2009) empirical Bayes estimate on a grid of 30 + ⌊√n⌋ points, then shrinks k̂
 * towards 0.5 as if by 10 prior observations (as in loo and Stan).
 */
export function gpdFit(x: ArrayLike<number>): GpdFit {
  const n = x.length;
  const prior = 3;
  const m = 30 + Math.floor(Math.sqrt(n));
  const firstQuartile = x[Math.floor(n / 4 + 0.5) - 1];
  const theta = new Float64Array(m);
  const logLik = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    theta[j] = 1 / x[n - 1] + (1 - Math.sqrt(m / (j + 1 - 0.5))) / (prior * firstQuartile);
    let k = 0;
    for (let i = 0; i < n; i++) k += Math.log1p(-theta[j] * x[i]);
    k /= n;
    logLik[j] = n * (Math.log(-theta[j] / k) - k - 1);
  }
  let max = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < m; j++) if (logLik[j] > max) max = logLik[j];
  let total = 0;
  for (let j = 0; j < m; j++) total += Math.exp(logLik[j] - max);
  let thetaHat = 0;
  for (let j = 0; j < m; j++) thetaHat += theta[j] * (Math.exp(logLik[j] - max) / total);
  let k = 0;
  for (let i = 0; i < n; i++) k += Math.log1p(-thetaHat * x[i]);
  k /= n;
  const sigma = -k / thetaHat;
  const a = 10;
  return { k: (k * n) / (n + a) + (a * 0.5) / (n + a), sigma };
}

/** The quantile function of the generalized Pareto distribution (location 0). */
export function gpdQuantile(p: number, k: number, sigma: number): number {
  return (sigma * Math.expm1(-k * Math.log1p(-p))) / k;
}

/** ⌊min(0.2 S, 3√S)⌋, the tail length of Vehtari et al. (2024). */
export function psisTailLength(numDraws: number): number {
  return Math.trunc(Math.min(0.2 * numDraws, 3 * Math.sqrt(numDraws)));
}

export interface ParetoSmoothedWeights {
  /** Smoothed log weights, shifted so that the largest raw log ratio is 0 (not normalised). */
  readonly logWeights: Float64Array;
  /** k̂, or NaN when no tail was fitted (too few draws, or a flat tail). */
  readonly paretoK: number;
  readonly tailLength: number;
  /** Why no tail was fitted, when it was not. */
  readonly note?: string;
}

/**
 * Pareto-smoothed log importance weights of the log ratios log p − log q (non-finite ratios get
 * weight 0). The tail is fitted when it has at least 5 draws.
 */
export function paretoSmoothedWeights(
  logRatios: ArrayLike<number>,
  tailLength = psisTailLength(logRatios.length),
): ParetoSmoothedWeights {
  const S = logRatios.length;
  const lw = new Float64Array(S);
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < S; i++) {
    const r = logRatios[i];
    lw[i] = Number.isNaN(r) || r === Number.POSITIVE_INFINITY ? Number.NEGATIVE_INFINITY : r;
    if (lw[i] > max) max = lw[i];
  }
  if (max === Number.NEGATIVE_INFINITY) throw new RangeError('PSIS: every log importance ratio is −∞ or NaN');
  for (let i = 0; i < S; i++) lw[i] -= max;
  let paretoK = Number.NaN;
  let note: string | undefined;
  if (tailLength >= 5 && tailLength < S) {
    // The tail + 1 largest, ascending: the first is the cut-off, the rest the tail.
    const order = Array.from({ length: S }, (_, i) => i).sort((a, b) => lw[a] - lw[b] || a - b);
    const top = order.slice(S - tailLength - 1);
    const cutoff = lw[top[0]];
    const tail = top.slice(1);
    const lo = lw[tail[0]];
    const hi = lw[tail[tail.length - 1]];
    if (!Number.isFinite(cutoff)) {
      note = 'fewer finite importance ratios than the tail length: no Pareto fit';
    } else if (hi - lo <= Number.MIN_VALUE * 10) {
      note = 'the largest importance ratios are all equal: no Pareto fit (the weights are left unsmoothed)';
    } else {
      const expCutoff = Math.exp(cutoff);
      const x = Float64Array.from(tail, (i) => Math.exp(lw[i]) - expCutoff);
      const fit = gpdFit(x);
      paretoK = fit.k;
      if (Number.isFinite(fit.k)) {
        tail.forEach((idx, i) => {
          const p = (i + 1 - 0.5) / tailLength;
          lw[idx] = Math.log(gpdQuantile(p, fit.k, fit.sigma) + expCutoff);
        });
      }
    }
  } else {
    note = `a tail of ${tailLength} draws is too short for a Pareto fit`;
  }
  // Truncate at the largest raw weight (0 after the shift).
  for (let i = 0; i < S; i++) if (lw[i] > 0) lw[i] = 0;
  return note === undefined
    ? { logWeights: lw, paretoK, tailLength }
    : { logWeights: lw, paretoK, tailLength, note };
}
