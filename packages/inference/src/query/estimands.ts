import { causalDag, DoplError, type Graph, type Intervention, type TensorLike, toTensor } from '@dopl/core';
import type { QueryAnswer } from './answer.js';
import { type Queryable, type QueryOptions, query } from './query.js';

// Named causal estimands, each a few lines on top of `query`. Every one returns a QueryAnswer:
// on a fit its draws are per posterior draw, so the estimand comes with its posterior interval.

/** Options shared by every estimand: how the query runs (draws, seed, method, …). */
export type EstimandOptions = Omit<
  QueryOptions,
  'target' | 'targetLabel' | 'given' | 'do' | 'vs' | 'counterfactual' | 'contrast'
>;

export interface EffectSpec {
  readonly treatment: string;
  readonly outcome: string;
  /** The treatment's value in the treated world (default 1) and in the control world (default 0). */
  readonly treated?: Intervention;
  readonly control?: Intervention;
}

const arms = (s: EffectSpec) => ({
  do: { [s.treatment]: s.treated ?? 1 },
  vs: { [s.treatment]: s.control ?? 0 },
});

/**
 * Average treatment effect E[Y | do(X = treated)] − E[Y | do(X = control)].
 *
 * ```ts
 * ate(g, { treatment: 'x', outcome: 'y', draws: 2000, seed: 1 }).mean;   // β of y = βx + …
 * ```
 */
export function ate(model: Queryable, spec: EffectSpec & EstimandOptions): QueryAnswer {
  return query(model, { ...rest(spec), target: spec.outcome, ...arms(spec) });
}

/**
 * Conditional average treatment effect E[Y_treated − Y_control | covariate = value]: the
 * potential outcomes of the units with that covariate value (a counterfactual query whose
 * evidence is the covariate).
 */
export function cate(
  model: Queryable,
  spec: EffectSpec & { readonly covariate: string; readonly value: TensorLike } & EstimandOptions,
): QueryAnswer {
  return query(model, {
    ...rest(spec),
    target: spec.outcome,
    given: { [spec.covariate]: spec.value },
    counterfactual: true,
    ...arms(spec),
  });
}

/** Effect of treatment on the treated E[Y_treated − Y_control | X = treated]. */
export function ett(model: Queryable, spec: EffectSpec & EstimandOptions): QueryAnswer {
  const treated = spec.treated ?? 1;
  return query(model, {
    ...rest(spec),
    target: spec.outcome,
    given: { [spec.treatment]: treatedValue(treated, spec.treatment) },
    counterfactual: true,
    ...arms(spec),
  });
}

export interface BinarySpec {
  readonly treatment: string;
  readonly outcome: string;
}

const equals = (name: string, value: number) => (v: Readonly<Record<string, Float64Array>>) =>
  v[name][0] === value ? 1 : 0;

/**
 * Probability of necessity PN = P(Y_{x=0} = 0 | X = 1, Y = 1): among units that were treated
 * and had the outcome, the share that would not have had it without treatment (Pearl 2009, §9.2).
 *
 * PN, PS and PNS are not identified by the observational and interventional laws alone; they
 * are computed under the model's own structural equations. `y ~ Bernoulli(p(x))` couples its
 * worlds by one uniform (y = 1[u < p]), which makes y monotone in p: the answers then equal the
 * Tian–Pearl formulas. A model that is not monotone says so with explicit exogenous nodes
 * (`y ~ Bernoulli(if x == 1 then u1 else u2)`), and the answers follow those.
 */
export function probabilityOfNecessity(model: Queryable, spec: BinarySpec & EstimandOptions): QueryAnswer {
  return query(model, {
    ...rest(spec),
    target: equals(spec.outcome, 0),
    targetLabel: `PN(${spec.treatment} → ${spec.outcome})`,
    given: { [spec.treatment]: 1, [spec.outcome]: 1 },
    do: { [spec.treatment]: 0 },
    counterfactual: true,
  });
}

/** Probability of sufficiency PS = P(Y_{x=1} = 1 | X = 0, Y = 0). */
export function probabilityOfSufficiency(model: Queryable, spec: BinarySpec & EstimandOptions): QueryAnswer {
  return query(model, {
    ...rest(spec),
    target: equals(spec.outcome, 1),
    targetLabel: `PS(${spec.treatment} → ${spec.outcome})`,
    given: { [spec.treatment]: 0, [spec.outcome]: 0 },
    do: { [spec.treatment]: 1 },
    counterfactual: true,
  });
}

/**
 * Probability of necessity and sufficiency PNS = P(Y_{x=1} = 1, Y_{x=0} = 0): both worlds of the
 * same unit, sharing its noise (with the model's own observations as the evidence, if any).
 */
export function probabilityOfNecessityAndSufficiency(
  model: Queryable,
  spec: BinarySpec & EstimandOptions,
): QueryAnswer {
  return query(model, {
    ...rest(spec),
    target: spec.outcome,
    do: { [spec.treatment]: 1 },
    vs: { [spec.treatment]: 0 },
    counterfactual: true,
    contrast: (y1, y0) => (y1 === 1 && y0 === 0 ? 1 : 0),
    targetLabel: `PNS(${spec.treatment} → ${spec.outcome})`,
  });
}

export interface DiagnosisSpec {
  /** The cause (disease) acted on. */
  readonly cause: string;
  /** What was seen (symptoms, risk factors, …). */
  readonly evidence: Readonly<Record<string, TensorLike>>;
  /** The binary symptoms counted; default: the evidence nodes seen at 1, other than the cause. */
  readonly symptoms?: readonly string[];
}

const presentSymptoms = (spec: DiagnosisSpec): readonly string[] => {
  const s =
    spec.symptoms ??
    Object.entries(spec.evidence)
      .filter(
        ([k, v]) => k !== spec.cause && toTensor(v, k).data.length === 1 && toTensor(v, k).data[0] === 1,
      )
      .map(([k]) => k);
  if (s.length === 0)
    throw new DoplError(
      `counterfactual diagnosis of '${spec.cause}': no symptom is present in the evidence`,
      {
        node: spec.cause,
      },
    );
  return s;
};

const counting =
  (symptoms: readonly string[], value: number) => (v: Readonly<Record<string, Float64Array>>) => {
    let k = 0;
    for (const s of symptoms) if (v[s][0] === value) k++;
    return k;
  };

/**
 * Expected disablement (Richens, Lee & Johri 2020): the expected number of present symptoms
 * that would switch off had the cause been absent, E[Σ_{s ∈ S+} 1[s_{do(D=0)} = 0] | evidence].
 * It ranks diseases by how much of what is seen they cause, not by how likely they are.
 */
export function expectedDisablement(model: Queryable, spec: DiagnosisSpec & EstimandOptions): QueryAnswer {
  const symptoms = presentSymptoms(spec);
  return query(model, {
    ...rest(spec),
    target: counting(symptoms, 0),
    targetLabel: `expected disablement(${spec.cause})`,
    given: spec.evidence,
    do: { [spec.cause]: 0 },
    counterfactual: true,
  });
}

/**
 * Expected sufficiency (Richens, Lee & Johri 2020): the expected number of present symptoms
 * that would persist had every other cause of them been switched off,
 * E[Σ_{s ∈ S+} 1[s_{do(Pa(S) \ D = 0)} = 1] | evidence]. The other causes default to the
 * symptoms' parents other than the cause; pass `otherCauses` to name them.
 */
export function expectedSufficiency(
  model: Queryable,
  spec: DiagnosisSpec & { readonly otherCauses?: readonly string[] } & EstimandOptions,
): QueryAnswer {
  const symptoms = presentSymptoms(spec);
  const graph: Graph = 'graph' in model ? model.graph : model;
  const dag = causalDag(graph);
  const others =
    spec.otherCauses ??
    [...new Set(symptoms.flatMap((s) => dag.parents.get(s) ?? []))].filter(
      (p) => p !== spec.cause && graph.get(p).kind === 'random' && !symptoms.includes(p),
    );
  if (others.length === 0)
    throw new DoplError(
      `expected sufficiency of '${spec.cause}': the symptoms have no other cause to switch off`,
      {
        node: spec.cause,
      },
    );
  return query(model, {
    ...rest(spec),
    target: counting(symptoms, 1),
    targetLabel: `expected sufficiency(${spec.cause})`,
    given: spec.evidence,
    do: Object.fromEntries(others.map((o) => [o, 0])),
    counterfactual: true,
  });
}

function treatedValue(v: Intervention, name: string): TensorLike {
  if (typeof v === 'function' || (typeof v === 'object' && v !== null && ('call' in v || 'slice' in v)))
    throw new DoplError(`ett: the treated value of '${name}' must be a value (it is the evidence)`, {
      node: name,
    });
  return v as TensorLike;
}

const ESTIMAND_KEYS = new Set([
  'treatment',
  'outcome',
  'treated',
  'control',
  'covariate',
  'value',
  'cause',
  'evidence',
  'symptoms',
  'otherCauses',
]);

/** The query options among an estimand's arguments. */
function rest(spec: object): EstimandOptions {
  return Object.fromEntries(Object.entries(spec).filter(([k]) => !ESTIMAND_KEYS.has(k))) as EstimandOptions;
}
