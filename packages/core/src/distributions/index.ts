// Importing this module registers every distribution family.
export * from './continuous/index.js';
export * from './discrete/index.js';
export * from './multivariate/index.js';
export {
  type Distribution,
  type Support,
  type ParamCheck,
  type Structural,
  getDistribution,
  distributionNames,
  registerDistribution,
  scalarFamily,
} from './distribution.js';
