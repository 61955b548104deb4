// The random-number layer: a reproducible, forkable generator and allocation-free samplers that
// take it as their first argument. Samplers return NaN for invalid parameters instead of throwing.

export { beta } from './beta.js';
export { betaBinomial } from './beta-binomial.js';
export { binomial } from './binomial.js';
export { categorical } from './categorical.js';
export { cauchy, exponential, laplace, logistic, lognormal, normal, weibull } from './continuous.js';
export { dirichlet } from './dirichlet.js';
export { chiSquared, gamma, logStandardGamma, standardGamma } from './gamma.js';
export { negativeBinomial } from './negative-binomial.js';
export { normalQuantile } from './normal-quantile.js';
export { poisson } from './poisson.js';
export { type GeneratorState, Rng, type RngState, streams } from './rng.js';
export { studentT } from './student-t.js';
