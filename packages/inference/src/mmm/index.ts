// Marketing-mix outputs from a fitted model: contributions, shares, ROAS, response curves,
// decomposition and budget allocation, driven by the names of the model's nodes.
export {
  type ChannelContribution,
  type Component,
  type ContributionOptions,
  channelContributions,
  type DecompositionOptions,
  decomposition,
} from './contributions.js';
export {
  type AdstockKind,
  adstockCurves,
  adstockWeights,
  type ChannelCurves,
  type CurvePoint,
  channelCurves,
  type SaturationKind,
  type SaturationSpec,
  saturationCurves,
  saturationSlope,
  saturationValue,
} from './curves.js';
export { type Estimate, interval as posteriorEstimate } from './draws.js';
export { type BudgetOptions, type BudgetResult, optimizeBudget, projectBudget } from './optimize.js';
export { type ChannelRoas, type RoasOptions, roas } from './roas.js';
export { type SpendEvaluator, type SpendModel, spendEvaluator } from './scenario.js';
