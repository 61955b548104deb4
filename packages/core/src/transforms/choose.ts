import type { Distribution } from '../distributions/distribution.js';
import { DoplError } from '../errors.js';
import { constant, type Expr } from '../graph/expr.js';
import type { RandomNode } from '../graph/node.js';
import { scalar } from '../tensor/index.js';
import {
  type Bijector,
  type Bounds,
  identity,
  interval,
  lowerBound,
  ordered,
  positiveOrdered,
  simplex,
  upperBound,
} from './bijector.js';

/**
 * The bijector of a latent node: its declared constraint if any, else its distribution's support.
 * Bounds are expressions (they may read other nodes).
 */
export function bijectorFor(node: RandomNode, dist: Distribution): { bijector: Bijector; bounds: Bounds } {
  const c = node.constraint;
  if (c) {
    switch (c.kind) {
      case 'interval':
        if (c.lower && c.upper) return { bijector: interval, bounds: c };
        if (c.lower) return { bijector: lowerBound, bounds: c };
        if (c.upper) return { bijector: upperBound, bounds: c };
        return { bijector: identity, bounds: {} };
      case 'ordered':
        return { bijector: ordered, bounds: {} };
      case 'positive_ordered':
        return { bijector: positiveOrdered, bounds: {} };
      case 'simplex':
        return { bijector: simplex, bounds: {} };
      case 'cholesky_corr':
        return { bijector: requireCholeskyCorr(node.name), bounds: {} };
    }
  }
  const s = dist.support;
  const num = (v: string | number): Expr => (typeof v === 'number' ? constant(scalar(v)) : node.dist.args[v]);
  switch (s.kind) {
    case 'real':
    case 'real_vector':
      return { bijector: identity, bounds: {} };
    case 'positive':
      return { bijector: lowerBound, bounds: {} };
    case 'unit':
      return { bijector: interval, bounds: { lower: constant(scalar(0)), upper: constant(scalar(1)) } };
    case 'interval':
      return { bijector: interval, bounds: { lower: num(s.lower), upper: num(s.upper) } };
    case 'simplex':
      return { bijector: simplex, bounds: {} };
    case 'cholesky_corr':
      return { bijector: requireCholeskyCorr(node.name), bounds: {} };
    case 'integer':
      throw new DoplError(
        `'${node.name}' is a discrete latent variable (${dist.name}); gradient-based inference needs continuous latents — use enumeration or importance sampling, or observe it`,
        { node: node.name },
      );
  }
}

let choleskyCorr: Bijector | undefined;
/** Registered by the LKJ family, which owns the CPC transform. */
export const registerCholeskyCorr = (b: Bijector): void => {
  choleskyCorr = b;
};
const requireCholeskyCorr = (name: string): Bijector => {
  if (!choleskyCorr)
    throw new DoplError(`'${name}': Cholesky-correlation parameters are not available`, { node: name });
  return choleskyCorr;
};
