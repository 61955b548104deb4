import {
  type Distribution,
  getDistribution,
  type Structural,
  type StructuralVectors,
} from '../distributions/distribution.js';
import { DoplError } from '../errors.js';
import type { Rng } from '../random/index.js';

type Params = Readonly<Record<string, number>>;

/**
 * The exogenous noise behind an observed value x of `x = F(params, u)` (DESIGN §3): a point for
 * invertible (continuous) families; for discrete ones the interval [lo, hi) of uniforms that
 * all produce x, every one equally likely given x.
 */
export type AbductedNoise =
  | { readonly kind: 'point'; readonly base: Structural['base']; readonly u: number }
  | { readonly kind: 'interval'; readonly base: 'uniform'; readonly lo: number; readonly hi: number };

/** The family's structural form, or an error naming it. */
export function structuralOf(dist: string | Distribution, where?: string): Structural {
  const d = typeof dist === 'string' ? getDistribution(dist) : dist;
  if (!d.structural) {
    const at = where === undefined ? '' : ` ('${where}')`;
    throw new DoplError(
      `${d.name}${at} has no structural form x = F(params, u), so its noise cannot be shared between worlds`,
      { node: where },
    );
  }
  return d.structural;
}

/** Parameters with the family's defaults filled in (an argument left out takes its default). */
export const withDefaults = (d: Distribution, params: Params): Params => ({ ...d.defaults, ...params });

/**
 * Abduction: the noise u that produced `x` given the parameters (Pearl's first step of a
 * counterfactual).
 *
 * ```ts
 * abductNoise('Normal', { mu: 2, sigma: 1 }, 3);   // { kind: 'point', base: 'normal', u: 1 }
 * abductNoise('Bernoulli', { p: 0.3 }, 1);         // { kind: 'interval', base: 'uniform', lo: 0, hi: 0.3 }
 * abductNoise('Categorical', {}, 1, { p: [0.2, 0.5, 0.3] });   // interval [0.2, 0.7)
 * ```
 */
export function abductNoise(
  dist: string | Distribution,
  params: Params,
  x: number,
  vectors?: StructuralVectors,
): AbductedNoise {
  const d = typeof dist === 'string' ? getDistribution(dist) : dist;
  const s = structuralOf(d);
  const u = s.abduct(withDefaults(d, params), x, vectors);
  if (typeof u === 'number') {
    if (Number.isNaN(u)) {
      throw new DoplError(
        `${d.name}: cannot abduct the noise of ${x} with parameters ${JSON.stringify(params)} (got NaN)`,
      );
    }
    return { kind: 'point', base: s.base, u };
  }
  const [lo, hi] = u;
  if (!(lo <= hi)) throw new DoplError(`${d.name}: the noise interval of ${x} is empty ([${lo}, ${hi}))`);
  return { kind: 'interval', base: 'uniform', lo, hi };
}

/** One value of the noise: the point itself, or a uniform draw from the interval. */
export const drawNoise = (noise: AbductedNoise, rng: Rng): number =>
  noise.kind === 'point' ? noise.u : noise.lo + (noise.hi - noise.lo) * rng.uniform();

/** The prediction step: x = F(params, u) with the family's defaults filled in. */
export function applyNoise(
  dist: string | Distribution,
  params: Params,
  u: number,
  vectors?: StructuralVectors,
): number {
  const d = typeof dist === 'string' ? getDistribution(dist) : dist;
  return structuralOf(d).apply(withDefaults(d, params), u, vectors);
}
