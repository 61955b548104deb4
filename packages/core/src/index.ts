// @dopl/core — the generative graph, distributions, compile backends, forward sampling and
// graph surgery (do, observe).
import './ops/index.js';
import './distributions/index.js';

export { DoplError, ShapeError } from './errors.js';
export * from './tensor/index.js';
export * from './graph/expr.js';
export type { Node, DataNode, RandomNode, DeterministicNode, FactorNode, Constraint, DistCall, Dim, DType } from './graph/node.js';
export { Graph, nodeRefs } from './graph/graph.js';
export { bind } from './graph/bind.js';
export { printExpr } from './graph/print.js';
export { ModelBuilder, model, type DataOptions, type RandomOptions, type ConstraintSpec } from './builder/model.js';
export { Term, type TermLike, prev, t, term } from './builder/term.js';
export * from './builder/functions.js';
export * from './builder/distributions.js';
export {
  type Distribution,
  type Support,
  type Structural,
  getDistribution,
  distributionNames,
} from './distributions/distribution.js';
export { getOp, opNames, type OpDef } from './ops/index.js';
export * from './transforms/index.js';
export { compile, type CompiledModel, type CompileOptions, type ParamInfo, logDensityOf } from './compile/compile.js';
export { sampleForward, type ForwardOptions } from './sample/forward.js';
export { doIntervention, doIntervention as do, type Intervention } from './causal/do.js';
export { observe } from './causal/observe.js';
export { Rng, streams } from './random/index.js';
export { gradientError } from './testing/gradcheck.js';
