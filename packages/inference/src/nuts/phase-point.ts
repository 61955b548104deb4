import type { Metric } from './metric.js';

/**
 * A point of phase space with its cached log density and gradient (Stan's `ps_point`, which keeps
 * the potential V = −lp and its gradient). Buffers are owned and reused; copying never allocates.
 */
export interface PhasePoint {
  /** q, p and grad side by side (views into it), so that a copy is a single `set`. */
  readonly data: Float64Array;
  readonly q: Float64Array;
  readonly p: Float64Array;
  /** ∇ log p(q). */
  readonly grad: Float64Array;
  lp: number;
}

export function createPhasePoint(dim: number): PhasePoint {
  const data = new Float64Array(3 * dim);
  return {
    data,
    q: data.subarray(0, dim),
    p: data.subarray(dim, 2 * dim),
    grad: data.subarray(2 * dim, 3 * dim),
    lp: Number.NEGATIVE_INFINITY,
  };
}

export function copyPhasePoint(from: PhasePoint, to: PhasePoint): void {
  to.data.set(from.data);
  to.lp = from.lp;
}

/** H = K(p) − log p(q); NaN (e.g. ∞ − ∞) counts as +∞, as in Stan. */
export function hamiltonian(z: PhasePoint, metric: Metric): number {
  return energy(metric.kineticEnergy(z.p), z.lp);
}

/** K − lp with NaN (e.g. ∞ − ∞) read as +∞, as in Stan. */
export function energy(kinetic: number, lp: number): number {
  const h = kinetic - lp;
  return Number.isNaN(h) ? Number.POSITIVE_INFINITY : h;
}
