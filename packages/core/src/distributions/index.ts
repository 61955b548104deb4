// Importing this module registers every distribution family.
export * from './continuous/index.js';
export * from './discrete/index.js';
export {
  type Distribution,
  distributionNames,
  getDistribution,
  type ParamCheck,
  registerDistribution,
  type Structural,
  type StructuralVectors,
  type Support,
  scalarFamily,
} from './distribution.js';
export * from './multivariate/index.js';
