export {
  type DiscreteOptions,
  type DiscreteResult,
  type Evidence,
  effectiveSampleSize,
  expectation,
  infer,
  probabilityOf,
  tryEnumerate,
} from './infer.js';
