// @dopl/core — the generative graph, distributions, compile backends, forward sampling and
// graph surgery (do, observe).
import './ops/index.js';
import './distributions/index.js';

export * from './builder/distributions.js';
export * from './builder/functions.js';
export {
  type ConstraintSpec,
  type DataOptions,
  ModelBuilder,
  model,
  type RandomOptions,
} from './builder/model.js';
export { prev, Term, type TermLike, t, term } from './builder/term.js';
export { type AbductedNoise, abductNoise, applyNoise, drawNoise } from './causal/abduct.js';
export {
  type BackdoorOptions,
  type BackdoorResult,
  backdoorAdjustmentSets,
  isValidBackdoor,
} from './causal/backdoor.js';
export {
  argName,
  type CounterfactualOptions,
  counterfactualDraws,
  elementParams,
  withArgs,
} from './causal/counterfactual.js';
export { type CausalDag, causalDag, type DagOptions } from './causal/dag.js';
export {
  doIntervention,
  doIntervention as do,
  type Intervention,
  readsNatural,
  type SliceIntervention,
  slicesOf,
} from './causal/do.js';
export { dSeparated } from './causal/dseparation.js';
export { type FrontdoorCondition, type FrontdoorResult, frontdoorCheck } from './causal/frontdoor.js';
export { observe, unobserve } from './causal/observe.js';
export { type TwinNetwork, type TwinOptions, twin, type World } from './causal/twin.js';
export {
  type CompiledModel,
  type CompileOptions,
  compile,
  logDensityOf,
  type ParamInfo,
} from './compile/compile.js';
export { initTfjs, selectedBackend, type TfjsCompiledModel } from './compile/tfjs/index.js';
export {
  type Distribution,
  distributionNames,
  getDistribution,
  type Structural,
  type StructuralVectors,
  type Support,
} from './distributions/distribution.js';
export { checkParamValue } from './distributions/param-check.js';
export { DoplError, ShapeError } from './errors.js';
export { bind } from './graph/bind.js';
export * from './graph/expr.js';
export { Graph, nodeRefs } from './graph/graph.js';
export type {
  Constraint,
  DataNode,
  DeterministicNode,
  Dim,
  DistCall,
  DType,
  FactorNode,
  Node,
  RandomNode,
} from './graph/node.js';
export { printExpr } from './graph/print.js';
export { getOp, type OpDef, opNames } from './ops/index.js';
export { Rng, streams } from './random/index.js';
export { type ForwardOptions, sampleForward } from './sample/forward.js';
export * as special from './special/index.js';
export * from './tensor/index.js';
export { gradientError } from './testing/gradcheck.js';
export * from './transforms/index.js';
