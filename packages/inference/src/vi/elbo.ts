import { DoplError } from '@dopl/core';
import type { RandomSource } from '../nuts/target.js';
import { type DensityModel, safeLogDensity, safeLogDensityAndGradient } from './density.js';
import type { GaussianFamily } from './gaussian-family.js';

// Monte Carlo estimates of the evidence lower bound E_q[log p(ζ)] + H[q] and of its
// reparameterisation gradient (Stan's `calc_ELBO` and the families' `calc_grad`).

/** Scratch vectors, so that the estimates allocate nothing. */
export interface ElboWorkspace {
  readonly eta: Float64Array;
  readonly zeta: Float64Array;
  readonly gradLogp: Float64Array;
}

export function createElboWorkspace(dim: number): ElboWorkspace {
  return { eta: new Float64Array(dim), zeta: new Float64Array(dim), gradLogp: new Float64Array(dim) };
}

/** Stan retries a failed gradient draw up to 10 times per requested draw. */
const GRADIENT_RETRIES = 10;

/**
 * The ELBO from `n` draws of q. A draw where log p is not finite is dropped and replaced; when
 * `n` draws have been dropped the estimate fails (a `DoplError`), as in Stan.
 */
export function estimateElbo(
  model: DensityModel,
  q: GaussianFamily,
  rng: RandomSource,
  n: number,
  ws: ElboWorkspace = createElboWorkspace(q.dim),
): number {
  let sum = 0;
  let dropped = 0;
  for (let i = 0; i < n; ) {
    for (let k = 0; k < q.dim; k++) ws.eta[k] = rng.normal();
    q.transform(ws.eta, ws.zeta);
    const lp = safeLogDensity(model, ws.zeta);
    if (Number.isFinite(lp)) {
      sum += lp;
      i++;
    } else if (++dropped >= n) {
      throw new DoplError(
        `ADVI: the ELBO could not be estimated: ${dropped} draws of the approximation had a non-finite log density; ` +
          'the model may be severely ill-conditioned or misspecified',
      );
    }
  }
  return sum / n + q.entropy();
}

/**
 * The reparameterisation gradient of the ELBO with respect to q's packed parameters, from `n`
 * draws, into `gradOut`. Draws with a non-finite log density or gradient are replaced, up to
 * 10·n of them.
 */
export function estimateElboGradient(
  model: DensityModel,
  q: GaussianFamily,
  rng: RandomSource,
  n: number,
  gradOut: Float64Array,
  ws: ElboWorkspace = createElboWorkspace(q.dim),
): void {
  gradOut.fill(0);
  let dropped = 0;
  for (let i = 0; i < n; ) {
    for (let k = 0; k < q.dim; k++) ws.eta[k] = rng.normal();
    q.transform(ws.eta, ws.zeta);
    const lp = safeLogDensityAndGradient(model, ws.zeta, ws.gradLogp);
    if (Number.isFinite(lp)) {
      q.accumulateGradient(gradOut, ws.eta, ws.gradLogp);
      i++;
    } else if (++dropped >= GRADIENT_RETRIES * n) {
      throw new DoplError(
        `ADVI: the ELBO gradient could not be estimated: ${dropped} draws of the approximation had a non-finite ` +
          'log density or gradient; the model may be severely ill-conditioned or misspecified',
      );
    }
  }
  q.finishGradient(gradOut, n);
}
