// Variational inference and optimisation: ADVI, Pathfinder, MAP (with Laplace draws). Each
// returns a one-chain InferenceData of draws from its approximation, like a NUTS fit.

export {
  ADVI_DEFAULTS,
  type AdviRun,
  type AdviSettings,
  type ElboTraceEntry,
  ETA_SEQUENCE,
  PRECONDITIONED_ETA,
  type Preconditioner,
  runAdvi,
} from './advi.js';
export type { ApproximateFit } from './approximate-fit.js';
export { type CountingModel, countEvaluations, type EvaluationCounts } from './counting.js';
export type { DensityModel } from './density.js';
export type { BatchDensityModel } from './elbo-batched.js';
export { type AdviFit, type AdviOptions, advi } from './fit-advi.js';
export { type OptimizeFit, type OptimizeOptions, optimize } from './fit-optimize.js';
export { type PathfinderFit, type PathfinderOptions, pathfinder, pathfinderInits } from './fit-pathfinder.js';
export {
  createFamily,
  type FamilyKind,
  FullRankGaussian,
  type GaussianFamily,
  MeanFieldGaussian,
} from './gaussian-family.js';
export {
  finiteDifferenceHessian,
  type LaplaceApproximation,
  laplaceApproximation,
  laplaceDraws,
} from './laplace.js';
export {
  LBFGS_DEFAULTS,
  type LbfgsOptions,
  type LbfgsResult,
  type LbfgsStatus,
  type LbfgsStep,
  minimizeLbfgs,
} from './lbfgs.js';
export type { InitValues, ModelInput } from './model-input.js';
export { type MultiPathResult, type MultiPathSettings, runMultiPathfinder } from './multi-pathfinder.js';
export { OPTIMIZE_DEFAULTS, type OptimizeRun, type OptimizeSettings, runOptimize } from './optimize.js';
export {
  PATHFINDER_DEFAULTS,
  runSinglePathfinder,
  type SinglePathResult,
  type SinglePathSettings,
} from './pathfinder.js';
export { lbfgsGaussian, type PathfinderGaussian } from './pathfinder-approximation.js';
export {
  type GpdFit,
  gpdFit,
  type ParetoSmoothedWeights,
  paretoSmoothedWeights,
  psisTailLength,
} from './psis.js';
export { Adam, type AdamOptions, type AscentStep, StanStepSequence } from './step-size.js';
