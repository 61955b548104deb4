import { DoplError } from '@dopl/core';
import { createPhasePoint, type PhasePoint } from './phase-point.js';
import { evaluateTarget, type RandomSource, type Target } from './target.js';

export interface InitOptions {
  /** A user-given starting point on the unconstrained scale (length dim). */
  readonly init?: ArrayLike<number>;
  /** Random inits are uniform on (−radius, radius) per coordinate, default 2 (Stan's init=2). */
  readonly radius?: number;
  /** Random attempts before giving up, default 100 (Stan's MAX_INIT_TRIES). */
  readonly maxTries?: number;
}

/**
 * The chain's starting point with its log density and gradient (Stan's `util::initialize`).
 * Random inits draw each unconstrained coordinate uniformly on (−2, 2) and retry, up to 100
 * times, until the log density and the gradient are finite. A user-given init is tried once.
 */
export function initialPoint(target: Target, rng: RandomSource, options: InitOptions = {}): PhasePoint {
  const dim = target.dim;
  const z = createPhasePoint(dim);
  if (options.init !== undefined) {
    const init = options.init;
    if (init.length !== dim) {
      throw new DoplError(`init: expected ${dim} unconstrained values, got ${init.length}`);
    }
    for (let i = 0; i < dim; i++) z.q[i] = init[i];
    z.lp = evaluateTarget(target, z.q, z.grad);
    const problem = rejection(z);
    if (problem !== undefined) throw new DoplError(`init: ${problem} at the given initial value`);
    return z;
  }
  const radius = options.radius ?? 2;
  const maxTries = options.maxTries ?? 100;
  if (!(radius >= 0 && Number.isFinite(radius)))
    throw new DoplError(`init radius must be ≥ 0, got ${radius}`);
  const tries = radius === 0 ? 1 : maxTries;
  let lastProblem = '';
  for (let attempt = 0; attempt < tries; attempt++) {
    for (let i = 0; i < dim; i++) z.q[i] = radius === 0 ? 0 : radius * (2 * rng.uniform() - 1);
    z.lp = evaluateTarget(target, z.q, z.grad);
    const problem = rejection(z);
    if (problem === undefined) return z;
    lastProblem = problem;
  }
  throw new DoplError(
    `initialization between (−${radius}, ${radius}) failed after ${tries} attempts (${lastProblem}); ` +
      'try giving initial values, narrowing the constrained ranges, or reparameterising the model',
  );
}

function rejection(z: PhasePoint): string | undefined {
  if (!Number.isFinite(z.lp)) return `the log density is ${z.lp}`;
  let s = 0;
  for (let i = 0; i < z.grad.length; i++) s += z.grad[i];
  if (!Number.isFinite(s)) return 'the gradient is not finite';
  return undefined;
}
