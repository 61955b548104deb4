export {
  type DiscreteOptions,
  type DiscreteResult,
  type Evidence,
  effectiveSampleSize,
  expectation,
  infer,
  probabilityOf,
} from './infer.js';
