export {
  type AnswerInput,
  type DrawsError,
  QUERY_HDI_PROB,
  type QueryAnswer,
  type QueryKind,
  summariseAnswer,
  summariseDraws,
} from './answer.js';
export {
  type CounterfactualRows,
  type CounterfactualRowsOptions,
  counterfactualRows,
} from './counterfactual-rows.js';
export {
  ate,
  type BinarySpec,
  cate,
  type DiagnosisSpec,
  type EffectSpec,
  type EstimandOptions,
  ett,
  expectedDisablement,
  expectedSufficiency,
  probabilityOfNecessity,
  probabilityOfNecessityAndSufficiency,
  probabilityOfSufficiency,
} from './estimands.js';
export { type Queryable, type QueryOptions, type QueryTarget, query } from './query.js';
export { QUERY_NUTS_DEFAULTS, type QueryMethod } from './rows.js';
