import { DoplError } from '@dopl/core';
import type { RandomSource } from '../nuts/target.js';
import type { GaussianFamily } from './gaussian-family.js';

// The ELBO and its gradient (as in elbo.ts) with all Monte Carlo draws of an estimate evaluated
// in one call of a batched log density — the tfjs backend's `logDensityBatch` and
// `logDensityAndGradientBatch` over a leading axis of draws. A draw whose log density or gradient
// is not finite is replaced, in a further batch, within the same limits as the one-at-a-time
// estimators.

/** A log density evaluated at B points at once (B × dim values, row-major). */
export interface BatchDensityModel {
  readonly dim: number;
  logDensityBatch(thetas: Float64Array, B: number): Float64Array;
  /** Writes the B × dim gradients into `gradOut`. */
  logDensityAndGradientBatch(thetas: Float64Array, B: number, gradOut: Float64Array): Float64Array;
}

/** Scratch for estimates of up to `capacity` draws. */
export interface BatchWorkspace {
  readonly capacity: number;
  readonly eta: Float64Array;
  readonly zeta: Float64Array;
  readonly grad: Float64Array;
}

export function createBatchWorkspace(dim: number, capacity: number): BatchWorkspace {
  return {
    capacity,
    eta: new Float64Array(capacity * dim),
    zeta: new Float64Array(capacity * dim),
    grad: new Float64Array(capacity * dim),
  };
}

function drawBatch(q: GaussianFamily, rng: RandomSource, m: number, ws: BatchWorkspace): void {
  const d = q.dim;
  for (let b = 0; b < m; b++) {
    const eta = ws.eta.subarray(b * d, (b + 1) * d);
    for (let k = 0; k < d; k++) eta[k] = rng.normal();
    q.transform(eta, ws.zeta.subarray(b * d, (b + 1) * d));
  }
}

function finiteRow(g: Float64Array, b: number, d: number): boolean {
  let s = 0;
  for (let k = b * d; k < (b + 1) * d; k++) s += g[k];
  return Number.isFinite(s);
}

/** The ELBO from `n` draws of q, evaluated in batches of the draws still missing. */
export function estimateElboBatched(
  model: BatchDensityModel,
  q: GaussianFamily,
  rng: RandomSource,
  n: number,
  ws: BatchWorkspace,
): number {
  let sum = 0;
  let kept = 0;
  let dropped = 0;
  while (kept < n) {
    const m = Math.min(n - kept, ws.capacity);
    drawBatch(q, rng, m, ws);
    const lp = model.logDensityBatch(ws.zeta, m);
    for (let b = 0; b < m; b++) {
      if (Number.isFinite(lp[b])) {
        sum += lp[b];
        kept++;
      } else if (++dropped >= n) {
        throw new DoplError(
          `ADVI: the ELBO could not be estimated: ${dropped} draws of the approximation had a non-finite log density; ` +
            'the model may be severely ill-conditioned or misspecified',
        );
      }
    }
  }
  return sum / n + q.entropy();
}

/** The reparameterisation gradient of the ELBO from `n` draws, into `gradOut`. */
export function estimateElboGradientBatched(
  model: BatchDensityModel,
  q: GaussianFamily,
  rng: RandomSource,
  n: number,
  gradOut: Float64Array,
  ws: BatchWorkspace,
): void {
  const d = q.dim;
  gradOut.fill(0);
  let kept = 0;
  let dropped = 0;
  while (kept < n) {
    const m = Math.min(n - kept, ws.capacity);
    drawBatch(q, rng, m, ws);
    const lp = model.logDensityAndGradientBatch(ws.zeta, m, ws.grad);
    for (let b = 0; b < m; b++) {
      if (Number.isFinite(lp[b]) && finiteRow(ws.grad, b, d)) {
        q.accumulateGradient(
          gradOut,
          ws.eta.subarray(b * d, (b + 1) * d),
          ws.grad.subarray(b * d, (b + 1) * d),
        );
        kept++;
      } else if (++dropped >= 10 * n) {
        throw new DoplError(
          `ADVI: the ELBO gradient could not be estimated: ${dropped} draws of the approximation had a non-finite ` +
            'log density or gradient; the model may be severely ill-conditioned or misspecified',
        );
      }
    }
  }
  q.finishGradient(gradOut, n);
}
