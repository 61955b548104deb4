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
  const { q, p, grad } = z;
  const n = q.length;
  const half = 0.5 * epsilon;
  for (let i = 0; i < n; i++) p[i] += half * grad[i];
  metric.velocity(p, velocity);
  for (let i = 0; i < n; i++) q[i] += epsilon * velocity[i];
  z.lp = evaluateTarget(target, q, grad);
  for (let i = 0; i < n; i++) p[i] += half * grad[i];
}
