import type { Metric } from './metric.js';

/**
 * A point of phase space with its cached log density and gradient (Stan's `ps_point`, which keeps
 * the potential V = −lp and its gradient). Buffers are owned and reused; copying never allocates.
 */
export interface PhasePoint {
  readonly q: Float64Array;
  readonly p: Float64Array;
  /** ∇ log p(q). */
  readonly grad: Float64Array;
  lp: number;
}

export function createPhasePoint(dim: number): PhasePoint {
  return {
    q: new Float64Array(dim),
    p: new Float64Array(dim),
    grad: new Float64Array(dim),
    lp: Number.NEGATIVE_INFINITY,
  };
}

export function copyPhasePoint(from: PhasePoint, to: PhasePoint): void {
  to.q.set(from.q);
  to.p.set(from.p);
  to.grad.set(from.grad);
  to.lp = from.lp;
}

/** H = K(p) − log p(q); NaN (e.g. ∞ − ∞) counts as +∞, as in Stan. */
export function hamiltonian(z: PhasePoint, metric: Metric): number {
  const h = metric.kineticEnergy(z.p) - z.lp;
  return Number.isNaN(h) ? Number.POSITIVE_INFINITY : h;
}
