import { DoplError } from '@dopl/core';
import { leapfrog } from './leapfrog.js';
import type { Metric } from './metric.js';
import { copyPhasePoint, hamiltonian, type PhasePoint } from './phase-point.js';
import type { RandomSource, Target } from './target.js';

const LOG_08 = Math.log(0.8);

/** Reusable buffers of {@link initStepSize}. */
export interface StepSizeScratch {
  readonly z: PhasePoint;
  readonly velocity: Float64Array;
}

/**
 * Stan's step-size heuristic (`base_hmc::init_stepsize`): from `state`, with fresh momenta each
 * time, take one leapfrog step of size ε. If the energy change ΔH = H0 − H beats log 0.8, double ε
 * until it no longer does; otherwise halve it until it does. Returns the new ε; `state` is left
 * as it was. Throws when ε exceeds 1e7 (an improper posterior) or underflows to 0.
 */
export function initStepSize(
  target: Target,
  metric: Metric,
  state: PhasePoint,
  epsilon: number,
  rng: RandomSource,
  scratch: StepSizeScratch,
): number {
  if (target.dim === 0) return Number.NaN;
  if (epsilon === 0 || epsilon > 1e7 || Number.isNaN(epsilon)) return epsilon;
  const { z, velocity } = scratch;

  const energyChange = (): number => {
    copyPhasePoint(state, z);
    metric.sampleMomentum(rng, z.p);
    const H0 = hamiltonian(z, metric);
    leapfrog(target, metric, z, epsilon, velocity);
    return H0 - hamiltonian(z, metric);
  };

  const direction = energyChange() > LOG_08 ? 1 : -1;
  for (;;) {
    const deltaH = energyChange();
    if (direction === 1 && !(deltaH > LOG_08)) break;
    if (direction === -1 && !(deltaH < LOG_08)) break;
    epsilon = direction === 1 ? 2 * epsilon : 0.5 * epsilon;
    if (epsilon > 1e7)
      throw new DoplError('Posterior is improper: the step size grew beyond 1e7. Please check your model.');
    if (epsilon === 0) {
      throw new DoplError(
        'No acceptably small step size could be found. Perhaps the posterior is not continuous?',
      );
    }
  }
  return epsilon;
}
