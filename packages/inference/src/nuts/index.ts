export { AdaptationWindows, type WindowOptions } from './adaptation-windows.js';
export { DualAveraging, type DualAveragingOptions } from './dual-averaging.js';
export { initStepSize } from './init-step-size.js';
export { type InitOptions, initialPoint } from './initial-point.js';
export { leapfrog } from './leapfrog.js';
export { createMetric, DenseMetric, DiagonalMetric, type Metric, type MetricKind } from './metric.js';
export { MetricAdaptation } from './metric-adaptation.js';
export {
  createNutsWorkspace,
  type NutsOptions,
  type NutsWorkspace,
  nutsTransition,
  type TransitionStats,
} from './nuts.js';
export { copyPhasePoint, createPhasePoint, hamiltonian, type PhasePoint } from './phase-point.js';
export {
  type ChainResult,
  type ProgressInfo,
  type SampleChainOptions,
  type SampleStats,
  type StaticHmcAlgorithm,
  sampleChain,
} from './sample-chain.js';
export {
  createStaticHmcWorkspace,
  type StaticHmcWorkspace,
  staticHmcTransition,
  stepsForIntegrationTime,
} from './static-hmc.js';
export { evaluateTarget, type RandomSource, type Target } from './target.js';
export { noUTurn } from './u-turn.js';
export { WarmupAdapter, type WarmupOptions } from './warmup-adapter.js';
export { WelfordCovariance, WelfordVariance } from './welford.js';
