import type { Metric } from './metric.js';
import type { PhasePoint } from './phase-point.js';
import { evaluateTarget, type Target } from './target.js';

/**
 * One explicit leapfrog step of size `epsilon` (negative to integrate backwards) on `z`, in place:
 * half kick p += ½ε∇lp, drift q += ε M⁻¹p, new gradient, half kick. `velocity` is scratch
 * (length dim). One gradient evaluation, no allocation.
 */
export function leapfrog(
  target: Target,
  metric: Metric,
  z: PhasePoint,
  epsilon: number,
  velocity: Float64Array,
): void {
  leapfrogInto(target, metric, z, z, epsilon, velocity);
}

/**
 * {@link leapfrog} from `from` into `to` (which may be `from`), with the same arithmetic: NUTS
 * writes each new state straight into the subtree's proposal slot instead of copying it there.
 */
export function leapfrogInto(
  target: Target,
  metric: Metric,
  from: PhasePoint,
  to: PhasePoint,
  epsilon: number,
  velocity: Float64Array,
): void {
  const fq = from.q;
  const fp = from.p;
  const fg = from.grad;
  const { q, p, grad } = to;
  const n = q.length;
  const half = 0.5 * epsilon;
  if (metric.kind === 'diag') {
    // Kick and drift fused in one pass: M⁻¹p of a diagonal metric is elementwise.
    const m = metric.inverse;
    for (let i = 0; i < n; i++) {
      const pi = fp[i] + half * fg[i];
      p[i] = pi;
      q[i] = fq[i] + epsilon * (m[i] * pi);
    }
  } else {
    for (let i = 0; i < n; i++) p[i] = fp[i] + half * fg[i];
    metric.velocity(p, velocity);
    for (let i = 0; i < n; i++) q[i] = fq[i] + epsilon * velocity[i];
  }
  to.lp = evaluateTarget(target, q, grad);
  for (let i = 0; i < n; i++) p[i] += half * grad[i];
}
