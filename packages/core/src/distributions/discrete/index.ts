export { Bernoulli } from './bernoulli.js';
export { BetaBinomial, betaBinomialCdf } from './beta-binomial.js';
export { Binomial, binomialCdf } from './binomial.js';
export { Categorical, categoricalCdf, categoricalStructural } from './categorical.js';
export { NegativeBinomial, negativeBinomialCdf } from './negative-binomial.js';
export { Poisson, poissonCdf } from './poisson.js';
