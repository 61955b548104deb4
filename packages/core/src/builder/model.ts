import { DoplError } from '../errors.js';
import { bind } from '../graph/bind.js';
import { ref } from '../graph/expr.js';
import { Graph } from '../graph/graph.js';
import type { Constraint, DataDecl, Dim, DType, Node } from '../graph/node.js';
import { type Tensor, type TensorLike, toTensor } from '../tensor/index.js';
import type { DistSpec } from './distributions.js';
import { Term, type TermLike, term } from './term.js';

export interface DataOptions {
  readonly type?: DType;
  readonly dims?: readonly Dim[];
  readonly lower?: number;
  readonly upper?: number;
}

/** A constraint as the builder takes it: bounds may be terms of other nodes. */
export type ConstraintSpec =
  | { readonly lower?: TermLike; readonly upper?: TermLike }
  | 'ordered'
  | 'positive_ordered'
  | 'simplex'
  | 'cholesky_corr';

export interface RandomOptions {
  readonly dims?: readonly Dim[];
  readonly constraint?: ConstraintSpec;
  /** Observed value: data (array/number) or a term of data nodes. */
  readonly observed?: TermLike;
}

/**
 * Builds a Graph in the order a model is read, like a PyMC `with pm.Model():` block:
 *
 * ```ts
 * const m = new ModelBuilder();
 * const mu = m.random('mu', Normal(0, 5));
 * const y = m.random('y', Normal(mu, 1), { observed: [0.3, -0.1] });
 * const g = m.build();   // g.get('y').kind === 'random'
 * ```
 */
export class ModelBuilder {
  private readonly nodes: Node[] = [];
  private readonly dataDecl = new Map<string, DataDecl>();
  private readonly pending = new Map<string, Tensor>();

  private add<N extends Node>(node: N): Term {
    if (this.nodes.some((n) => n.name === node.name))
      throw new DoplError(`'${node.name}' is defined twice`, { node: node.name });
    this.nodes.push(node);
    return new Term(ref(node.name));
  }

  /** `data name: type[dims]`. A later `random` with the same name makes it observed. */
  data(name: string, options: DataOptions = {}, value?: TensorLike): Term {
    const dims = options.dims ?? (value !== undefined ? toTensor(value, name).shape : []);
    this.dataDecl.set(name, {
      dtype: options.type ?? 'real',
      dims,
      lower: options.lower,
      upper: options.upper,
    });
    return this.add({
      kind: 'data',
      name,
      dtype: options.type ?? 'real',
      dims,
      lower: options.lower,
      upper: options.upper,
      value: value === undefined ? undefined : toTensor(value, name),
    });
  }

  /** `name ~ Dist(args)`. If `name` was declared as data, the node observes that data. */
  random(name: string, dist: DistSpec, options: RandomOptions = {}): Term {
    const declared = this.dataDecl.get(name);
    let observed = options.observed === undefined ? undefined : term(options.observed).expr;
    let dims = options.dims;
    if (declared) {
      const i = this.nodes.findIndex((n) => n.name === name);
      const dataNode = this.nodes[i];
      this.nodes.splice(i, 1);
      // Bound at build() through bind(), which checks the value against the declaration.
      if (dataNode.kind === 'data' && dataNode.value) {
        observed = { kind: 'const', value: dataNode.value };
        this.pending.set(name, dataNode.value);
      }
      dims = dims ?? declared.dims;
    }
    return this.add({
      kind: 'random',
      name,
      dist: dist.call,
      dims,
      constraint: toConstraint(options.constraint),
      observed,
      data: declared,
    });
  }

  /** `name := expr`, a structural equation. */
  let(name: string, expr: TermLike): Term {
    return this.add({ kind: 'deterministic', name, expr: term(expr).expr });
  }

  /**
   * A recurrence `name[0..k-1] := init; name[t] := step(prev, t)`, with `prev(lag)` = name[t-lag];
   * use `prev()` and `t()` from the builder inside `step`.
   */
  recurrence(name: string, options: { length: Dim; init: readonly TermLike[]; step: TermLike }): Term {
    if (options.init.length === 0)
      throw new DoplError(`recurrence '${name}' needs at least one initial value`, { node: name });
    return this.add({
      kind: 'deterministic',
      name,
      expr: term(options.step).expr,
      recurrence: { length: options.length, init: options.init.map((e) => term(e).expr) },
    });
  }

  /** `name[0..k-1] ~ init; name[t] ~ step` for a random process (AR latent, random walk, …). */
  randomRecurrence(
    name: string,
    options: { length: Dim; init: readonly DistSpec[]; step: DistSpec; observed?: TermLike },
  ): Term {
    return this.add({
      kind: 'random',
      name,
      dist: options.step.call,
      dims: [options.length],
      recurrence: { init: options.init.map((d) => d.call) },
      observed: options.observed === undefined ? undefined : term(options.observed).expr,
    });
  }

  /** An extra log-density term (PyMC's Potential): marginalised likelihoods, HMM forward passes. */
  factor(name: string, expr: TermLike): Term {
    return this.add({ kind: 'factor', name, expr: term(expr).expr });
  }

  /** The Graph, with data bound when given. */
  build(data?: Readonly<Record<string, TensorLike>>): Graph {
    const g = new Graph(this.nodes);
    const all = { ...Object.fromEntries(this.pending), ...data };
    return Object.keys(all).length ? bind(g, all) : g;
  }
}

function toConstraint(c: ConstraintSpec | undefined): Constraint | undefined {
  if (c === undefined) return undefined;
  if (typeof c === 'string') return { kind: c };
  return {
    kind: 'interval',
    lower: c.lower === undefined ? undefined : term(c.lower).expr,
    upper: c.upper === undefined ? undefined : term(c.upper).expr,
  };
}

/** Builds a model from a function, e.g. `model((m) => { m.random('x', Normal(0, 1)); })`. */
export function model(define: (m: ModelBuilder) => void, data?: Readonly<Record<string, TensorLike>>): Graph {
  const m = new ModelBuilder();
  define(m);
  return m.build(data);
}
