import type { Distribution, ParamCheck } from './distribution.js';

// Conditions on a parameter's values when they are known before inference (constants, bound data):
// one wording shared by compile-time validation and the language's checks, so a user reads the same
// message whichever catches it first.

const describe: Record<ParamCheck, string> = {
  real: 'must be finite',
  positive: 'must be > 0',
  nonnegative: 'must be ≥ 0',
  unit: 'must be in (0, 1)',
  unit_closed: 'must be in [0, 1]',
  count: 'must be a non-negative integer',
  simplex: 'must be non-negative and sum to 1',
  probabilities: 'must be non-negative and sum to 1',
};

const holds = (c: ParamCheck, v: number): boolean => {
  switch (c) {
    case 'real':
      return Number.isFinite(v);
    case 'positive':
      return v > 0 && v < Number.POSITIVE_INFINITY;
    case 'nonnegative':
      return v >= 0 && v < Number.POSITIVE_INFINITY;
    case 'unit':
      return v > 0 && v < 1;
    case 'unit_closed':
      return v >= 0 && v <= 1;
    case 'count':
      return Number.isInteger(v) && v >= 0;
    case 'simplex':
    case 'probabilities':
      return v >= 0 && v <= 1;
  }
};

/**
 * What is wrong with known values of a distribution's parameter, e.g. "sigma must be > 0, got -2"
 * or "p must be non-negative and sum to 1, sums to 0.9"; undefined when they are fine. The last
 * axis of `shape` is the event axis of simplex-valued parameters.
 */
export function checkParamValue(
  dist: Distribution,
  param: string,
  values: ArrayLike<number>,
  shape: readonly number[],
): string | undefined {
  const check = dist.checks[param];
  if (!check) return undefined;
  const head = `${param} ${describe[check]}`;
  for (let i = 0; i < values.length; i++) if (!holds(check, values[i])) return `${head}, got ${values[i]}`;
  if (check === 'simplex' || check === 'probabilities') {
    const K = shape[shape.length - 1] ?? 1;
    for (let i = 0; i < values.length; i += K) {
      let s = 0;
      for (let j = 0; j < K; j++) s += values[i + j];
      if (Math.abs(s - 1) > 1e-8) return `${head}, sums to ${s}`;
    }
  }
  return undefined;
}
