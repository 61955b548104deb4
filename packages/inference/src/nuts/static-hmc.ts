import { DoplError } from '@dopl/core';
import { leapfrog } from './leapfrog.js';
import type { Metric } from './metric.js';
import type { TransitionStats } from './nuts.js';
import { copyPhasePoint, createPhasePoint, hamiltonian, type PhasePoint } from './phase-point.js';
import type { RandomSource, Target } from './target.js';

/** Buffers of static HMC, preallocated once per chain. */
export interface StaticHmcWorkspace {
  readonly target: Target;
  readonly metric: Metric;
  readonly maxDeltaH: number;
  readonly stats: TransitionStats;
  readonly initial: PhasePoint;
  readonly velocity: Float64Array;
}

export function createStaticHmcWorkspace(
  target: Target,
  metric: Metric,
  options: { readonly maxDeltaH?: number } = {},
): StaticHmcWorkspace {
  if (metric.dim !== target.dim) {
    throw new DoplError(`metric has dimension ${metric.dim}, target has ${target.dim}`);
  }
  return {
    target,
    metric,
    maxDeltaH: options.maxDeltaH ?? 1000,
    stats: { acceptStat: Number.NaN, nLeapfrog: 0, treeDepth: 0, divergent: false, energy: Number.NaN },
    initial: createPhasePoint(target.dim),
    velocity: new Float64Array(target.dim),
  };
}

/**
 * Number of leapfrog steps for integration time T at step size ε, as Stan's static HMC computes
 * it: ⌊T/ε⌋, at least one.
 */
export function stepsForIntegrationTime(integrationTime: number, epsilon: number): number {
  const steps = Math.trunc(integrationTime / epsilon);
  return steps < 1 || !Number.isFinite(steps) ? 1 : steps;
}

/**
 * One transition of static HMC (Stan's `base_static_hmc`): `numSteps` leapfrog steps, then a
 * Metropolis accept/reject of the end point. `state` is overwritten with the new state. Stan
 * reports no divergences for static HMC; we flag H − H0 > maxDeltaH like NUTS does. Tree depth
 * is reported as 0.
 */
export function staticHmcTransition(
  ws: StaticHmcWorkspace,
  state: PhasePoint,
  epsilon: number,
  numSteps: number,
  rng: RandomSource,
): TransitionStats {
  const { metric, target } = ws;
  metric.sampleMomentum(rng, state.p);
  copyPhasePoint(state, ws.initial);
  const H0 = hamiltonian(state, metric);
  for (let i = 0; i < numSteps; i++) leapfrog(target, metric, state, epsilon, ws.velocity);
  const h = hamiltonian(state, metric);
  const acceptProb = Math.exp(H0 - h);
  if (acceptProb < 1 && rng.uniform() > acceptProb) copyPhasePoint(ws.initial, state);
  const stats = ws.stats;
  stats.acceptStat = Math.min(acceptProb, 1);
  stats.nLeapfrog = numSteps;
  stats.treeDepth = 0;
  stats.divergent = h - H0 > ws.maxDeltaH;
  stats.energy = hamiltonian(state, metric);
  return stats;
}
