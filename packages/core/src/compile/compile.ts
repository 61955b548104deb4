import { getDistribution } from '../distributions/distribution.js';
import { DoplError } from '../errors.js';
import { call, type Expr } from '../graph/expr.js';
import type { Graph } from '../graph/graph.js';
import { type Buf, getOp } from '../ops/index.js';
import { firstNonFinite, type Shape, size, type Tensor, type TensorLike, toTensor } from '../tensor/index.js';
import { type Bijector, bijectorFor } from '../transforms/index.js';
import { JsProgram } from './js/program.js';
import { runtime } from './js/runtime.js';
import { logDensityOf } from './log-density.js';
import { compileTfjs, type TfjsCompiledModel } from './tfjs/compile.js';
import { validateGraph } from './validate.js';

/** Where one latent node lives in the unconstrained vector. */
export interface ParamInfo {
  readonly name: string;
  /** Shape on the natural (constrained) scale. */
  readonly shape: Shape;
  /** The bijector's name: identity, lower, upper, interval, ordered, positive_ordered, simplex, … */
  readonly constraint: string;
  readonly offset: number;
  /** Number of unconstrained coordinates. */
  readonly size: number;
}

export interface CompiledModel {
  readonly backend: 'js';
  readonly graph: Graph;
  readonly layout: readonly ParamInfo[];
  /** Length of the unconstrained parameter vector. */
  readonly dim: number;
  /** Log-density at a point of the unconstrained space, Jacobians included. */
  logDensity(theta: ArrayLike<number>): number;
  /** Same, and writes the gradient into `gradOut` (length ≥ dim). Allocates nothing. */
  logDensityAndGradient(theta: ArrayLike<number>, gradOut: Float64Array): number;
  /** Natural-scale values of latent and deterministic nodes. */
  constrain(theta: ArrayLike<number>): Record<string, Tensor>;
  /** The unconstrained point of given natural-scale values of the latent nodes. */
  unconstrain(values: Readonly<Record<string, TensorLike>>): Float64Array;
  /** The generated JavaScript (for reading and debugging). */
  readonly source: string;
}

export interface CompileOptions {
  /** 'js' (default): generated JavaScript. 'tfjs': TensorFlow.js, batched; needs `await initTfjs()`. */
  readonly backend?: 'js' | 'tfjs';
  /** Print the generated code to stderr. */
  readonly debug?: boolean;
  /**
   * js backend: fold work on literals at build time and simplify the generated code (default
   * true). `false` keeps the code as the op templates write it, for comparison.
   */
  readonly fold?: boolean;
}

interface Output {
  name: string;
  buf: Buf;
  kind: 'value' | 'term' | 'lower' | 'upper';
  node: string;
}

/** Compiles a graph's log-density and gradient to JavaScript (DESIGN §5). */
export function compile(graph: Graph, options: CompileOptions & { backend: 'tfjs' }): TfjsCompiledModel;
export function compile(graph: Graph, options?: CompileOptions & { backend?: 'js' }): CompiledModel;
export function compile(graph: Graph, options: CompileOptions = {}): CompiledModel | TfjsCompiledModel {
  if (options.backend === 'tfjs') return compileTfjs(graph, { debug: options.debug });
  validateGraph(graph);
  const prog = new JsProgram(options.fold ?? true);
  const bufs = new Map<string, Buf>();
  const resolve = (name: string): Buf => {
    const b = bufs.get(name) ?? observedEarly(graph, name, bufs, (e) => prog.lower(e, resolve));
    if (!b) throw new DoplError(`'${name}' is used before it is defined`, { node: name });
    return b;
  };
  const lower = (e: Expr) => prog.lower(e, resolve);
  const layout: ParamInfo[] = [];
  const bijectors: { info: ParamInfo; bijector: Bijector }[] = [];
  const terms: Buf[] = [];
  const outputs: Output[] = [];
  let offset = 0;

  for (const node of graph.nodes) {
    prog.label = node.name;
    switch (node.kind) {
      case 'data': {
        if (!node.value) throw new DoplError(`data '${node.name}' has no value`, { node: node.name });
        bufs.set(node.name, prog.constant(node.value.data, node.value.shape));
        break;
      }
      case 'deterministic': {
        const shape = graph.shapeOf(node.name);
        const b = node.recurrence
          ? prog.recurrence(shape, node.recurrence.init, node.expr, resolve)
          : lower(node.expr);
        bufs.set(node.name, b);
        outputs.push({ name: node.name, buf: b, kind: 'value', node: node.name });
        break;
      }
      case 'factor': {
        const b = lower(call('sum', [node.expr]));
        terms.push(b);
        outputs.push({ name: `term:${node.name}`, buf: b, kind: 'term', node: node.name });
        break;
      }
      case 'random': {
        const dist = getDistribution(node.dist.name);
        const shape = graph.shapeOf(node.name);
        if (node.observed) {
          if (!bufs.has(node.name)) bufs.set(node.name, lower(node.observed));
        } else {
          const { bijector, bounds } = bijectorFor(node, dist);
          const ushape = bijector.unconstrainedShape(shape);
          const info: ParamInfo = {
            name: node.name,
            shape,
            constraint: bijector.name,
            offset,
            size: size(ushape),
          };
          offset += info.size;
          layout.push(info);
          bijectors.push({ info, bijector });
          const { value, logJac } = bijector.forward(
            { kind: 'param', offset: info.offset, shape: ushape },
            bounds,
          );
          const v = lower(value);
          bufs.set(node.name, v);
          outputs.push({ name: node.name, buf: v, kind: 'value', node: node.name });
          if (bounds.lower)
            outputs.push({
              name: `lower:${node.name}`,
              buf: lower(bounds.lower),
              kind: 'lower',
              node: node.name,
            });
          if (bounds.upper)
            outputs.push({
              name: `upper:${node.name}`,
              buf: lower(bounds.upper),
              kind: 'upper',
              node: node.name,
            });
          if (!(logJac.kind === 'const' && logJac.value.data[0] === 0)) terms.push(lower(logJac));
        }
        const lp = lower(call('sum', [logDensityOf(graph, node)]));
        terms.push(lp);
        outputs.push({ name: `term:${node.name}`, buf: lp, kind: 'term', node: node.name });
        break;
      }
    }
  }
  prog.label = 'log density';
  let lp: Buf = prog.constant(Float64Array.of(0), []);
  for (const t of terms) lp = lp.literal && lp.id === '0' ? t : prog.apply(getOp('add'), [lp, t], {});

  const dim = offset;
  const source = prog.source(lp, dim, outputs);
  if (options.debug) process.stderr.write(`${source}\n`);
  const factory = new Function('rt', 'captured', 'onNaN', source) as (
    rt: unknown,
    c: Float64Array[],
    onNaN: (theta: ArrayLike<number>) => never,
  ) => CompiledFns;
  const fns = factory(runtime, prog.captured, (theta) => diagnoseNaN(theta));
  const outArrays: Record<string, Float64Array> = {};
  for (const o of outputs) outArrays[o.name] = new Float64Array(size(o.buf.shape));

  const checkTheta = (theta: ArrayLike<number>) => {
    if (theta.length < dim)
      throw new DoplError(`expected a parameter vector of length ${dim}, got ${theta.length}`);
  };
  const diagnoseNaN = (theta: ArrayLike<number>): never => {
    fns.values(theta, outArrays);
    for (const o of outputs) {
      const where = firstNonFinite({ shape: o.buf.shape, data: outArrays[o.name] });
      const bad = where !== undefined && outArrays[o.name].some((v) => Number.isNaN(v));
      if (bad) {
        const what =
          o.kind === 'term'
            ? `the log-density of '${o.node}'`
            : o.kind === 'value'
              ? `'${o.node}'`
              : `the ${o.kind} bound of '${o.node}'`;
        throw new DoplError(`${what} is NaN at this point; check its arguments`, { node: o.node });
      }
    }
    throw new DoplError('the log-density is NaN at this point');
  };

  return {
    backend: 'js',
    graph,
    layout,
    dim,
    source,
    // The generated functions themselves: nothing between the sampler and the code.
    logDensity: fns.logDensity,
    logDensityAndGradient: fns.logDensityAndGradient,
    constrain(theta) {
      checkTheta(theta);
      fns.values(theta, outArrays);
      const out: Record<string, Tensor> = {};
      for (const o of outputs) {
        if (o.kind === 'value')
          out[o.name] = { shape: o.buf.shape, data: Float64Array.from(outArrays[o.name]) };
      }
      return out;
    },
    unconstrain(values) {
      const theta = new Float64Array(dim);
      for (const { info, bijector } of bijectors) {
        const given = values[info.name];
        if (given === undefined)
          throw new DoplError(`unconstrain: no value for '${info.name}'`, { node: info.name });
        const t = toTensor(given, info.name);
        if (size(t.shape) !== size(info.shape)) {
          throw new DoplError(
            `unconstrain: '${info.name}' needs shape [${info.shape.join(', ')}], got [${t.shape.join(', ')}]`,
            {
              node: info.name,
            },
          );
        }
        // Bounds may read earlier nodes, already placed in theta.
        fns.values(theta, outArrays);
        const u = bijector.inverse(t.data, info.shape, {
          lower: outArrays[`lower:${info.name}`],
          upper: outArrays[`upper:${info.name}`],
        });
        if (u.some((x) => !Number.isFinite(x))) {
          throw new DoplError(`unconstrain: '${info.name}' is outside its support (${info.constraint})`, {
            node: info.name,
          });
        }
        theta.set(u, info.offset);
      }
      return theta;
    },
  };
}

/** The value of an observed node read before its position (it is data): lowered on first use. */
export function observedEarly(
  graph: Graph,
  name: string,
  bufs: Map<string, Buf>,
  lower: (e: Expr) => Buf,
): Buf | undefined {
  const n = graph.has(name) ? graph.get(name) : undefined;
  if (n?.kind !== 'random' || !n.observed) return undefined;
  const b = lower(n.observed);
  bufs.set(name, b);
  return b;
}

interface CompiledFns {
  logDensity(theta: ArrayLike<number>): number;
  logDensityAndGradient(theta: ArrayLike<number>, grad: Float64Array): number;
  values(theta: ArrayLike<number>, out: Record<string, Float64Array>): number;
}

export { logDensityOf };
