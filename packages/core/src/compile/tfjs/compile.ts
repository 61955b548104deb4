import { getDistribution } from '../../distributions/distribution.js';
import { DoplError } from '../../errors.js';
import { call, type Expr } from '../../graph/expr.js';
import type { Graph } from '../../graph/graph.js';
import { type Shape, size, type Tensor, type TensorLike, toTensor } from '../../tensor/index.js';
import { type Bijector, bijectorFor } from '../../transforms/index.js';
import type { CompiledModel, ParamInfo } from '../compile.js';
import { logDensityOf } from '../log-density.js';
import { validateGraph } from '../validate.js';
import {
  loadedTf,
  selectedBackend,
  type Tf,
  type TfjsBackendName,
  tfjsGradientsAvailable,
} from './backend.js';
import { type Slot, TfProgram, TfRunner } from './program.js';

/**
 * The tfjs backend's compiled model: the js backend's interface (one point at a time, float64 in
 * and out) plus batched methods over B points, evaluated with tfjs ops in float32 and
 * differentiated with tf.grad. Single-point methods are the batched ones with B = 1.
 */
export interface TfjsCompiledModel extends Omit<CompiledModel, 'backend'> {
  readonly backend: 'tfjs';
  /** The tfjs backend computing: 'tensorflow' (tfjs-node), 'wasm' or 'cpu'. */
  readonly tfBackend: TfjsBackendName;
  /** Log-densities of B points: `thetas` holds B×dim values, row-major. */
  logDensityBatch(thetas: ArrayLike<number>, B: number): Float64Array;
  /** Same, and writes the B×dim gradients (row-major) into `gradOut`. */
  logDensityAndGradientBatch(thetas: ArrayLike<number>, B: number, gradOut: Float64Array): Float64Array;
  /** Natural-scale values of latent and deterministic nodes at B points, shaped [B, ...shape]. */
  constrainBatch(thetas: ArrayLike<number>, B: number): Record<string, Tensor>;
  /** Frees the tensors the model keeps (constants, data-only results). */
  dispose(): void;
}

export interface TfjsCompileOptions {
  readonly backend?: 'tfjs';
  /** Print the program listing to stderr. */
  readonly debug?: boolean;
  /** Check every op's output shape against its shape rule at each call (slow; for tests). */
  readonly checkShapes?: boolean;
}

interface Output {
  name: string;
  slot: Slot;
  kind: 'value' | 'term' | 'lower' | 'upper';
  node: string;
}

/**
 * Compiles a graph to a tfjs evaluation (DESIGN §5): the same parameter layout, bijectors and
 * log-density terms as the js backend, evaluated batched over a leading axis. Needs
 * `await initTfjs()` first.
 */
export function compileTfjs(graph: Graph, options: TfjsCompileOptions = {}): TfjsCompiledModel {
  const tf = loadedTf();
  validateGraph(graph);
  const prog = new TfProgram();
  const slots = new Map<string, Slot>();
  const resolve = (name: string): Slot => {
    const s = slots.get(name) ?? observedEarly(name);
    if (s === undefined) throw new DoplError(`'${name}' is used before it is defined`, { node: name });
    return s;
  };
  // An observed node's value is data, so it may be read before its own line (as in the js backend).
  const observedEarly = (name: string): Slot | undefined => {
    const n = graph.has(name) ? graph.get(name) : undefined;
    if (n?.kind !== 'random' || !n.observed) return undefined;
    const s = prog.lower(n.observed, resolve);
    slots.set(name, s);
    return s;
  };
  const lower = (e: Expr) => prog.lower(e, resolve);
  const layout: ParamInfo[] = [];
  const bijectors: { info: ParamInfo; bijector: Bijector }[] = [];
  const terms: Slot[] = [];
  const outputs: Output[] = [];
  let offset = 0;

  // The node walk mirrors the js backend's compile() (compile/compile.ts).
  for (const node of graph.nodes) {
    prog.label = node.name;
    switch (node.kind) {
      case 'data': {
        if (!node.value) throw new DoplError(`data '${node.name}' has no value`, { node: node.name });
        slots.set(node.name, prog.constant(node.value, `data:${node.name}`));
        break;
      }
      case 'deterministic': {
        const shape = graph.shapeOf(node.name);
        const s = node.recurrence
          ? prog.recurrence(shape, node.recurrence.init, node.expr, resolve)
          : lower(node.expr);
        slots.set(node.name, s);
        outputs.push({ name: node.name, slot: s, kind: 'value', node: node.name });
        break;
      }
      case 'factor': {
        const s = lower(call('sum', [node.expr]));
        terms.push(s);
        outputs.push({ name: `term:${node.name}`, slot: s, kind: 'term', node: node.name });
        break;
      }
      case 'random': {
        const dist = getDistribution(node.dist.name);
        const shape = graph.shapeOf(node.name);
        if (node.observed) {
          if (!slots.has(node.name)) slots.set(node.name, lower(node.observed));
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
          slots.set(node.name, v);
          outputs.push({ name: node.name, slot: v, kind: 'value', node: node.name });
          if (bounds.lower)
            outputs.push({
              name: `lower:${node.name}`,
              slot: lower(bounds.lower),
              kind: 'lower',
              node: node.name,
            });
          if (bounds.upper)
            outputs.push({
              name: `upper:${node.name}`,
              slot: lower(bounds.upper),
              kind: 'upper',
              node: node.name,
            });
          if (!(logJac.kind === 'const' && logJac.value.data[0] === 0)) terms.push(lower(logJac));
        }
        const lp = lower(call('sum', [logDensityOf(graph, node)]));
        terms.push(lp);
        outputs.push({ name: `term:${node.name}`, slot: lp, kind: 'term', node: node.name });
        break;
      }
    }
  }

  const dim = offset;
  const names = new Map<Slot, string>();
  for (const o of outputs) if (!names.has(o.slot)) names.set(o.slot, o.name);
  const source = prog.listing(names);
  if (options.debug) process.stderr.write(`${source}\n`);
  const runner = new TfRunner(tf, prog, options.checkShapes ?? false);
  const tfBackend = selectedBackend()!;

  const checkBatch = (thetas: ArrayLike<number>, B: number) => {
    if (!Number.isInteger(B) || B < 1) throw new DoplError(`batch size must be a positive integer, got ${B}`);
    if (thetas.length < B * dim)
      throw new DoplError(
        `expected ${B} parameter vectors of length ${dim} (${B * dim} values), got ${thetas.length}`,
      );
  };
  const thetaTensor = (thetas: ArrayLike<number>, B: number): Tf | undefined => {
    if (dim === 0) return undefined;
    const f = new Float32Array(B * dim);
    for (let i = 0; i < B * dim; i++) f[i] = thetas[i];
    return tf.tensor2d(f, [B, dim], 'float32');
  };
  // Σ of the terms, one per point: a [B] tensor.
  const logDensityOfRun = (vals: Tf[], B: number): Tf => {
    let lp: Tf | undefined;
    for (const s of terms) lp = lp === undefined ? vals[s] : tf.add(lp, vals[s]);
    if (lp === undefined) return tf.zeros([B]);
    return lp.shape[0] === B ? lp : tf.broadcastTo(lp, [B]);
  };
  const toFloat64 = (t: Tf): Float64Array => Float64Array.from(t.dataSync() as Float32Array);

  const logDensityBatch = (thetas: ArrayLike<number>, B: number): Float64Array => {
    checkBatch(thetas, B);
    return tf.tidy(() => {
      const th = thetaTensor(thetas, B);
      return toFloat64(logDensityOfRun(runner.run(th, B), B));
    });
  };

  const logDensityAndGradientBatch = (
    thetas: ArrayLike<number>,
    B: number,
    gradOut: Float64Array,
  ): Float64Array => {
    checkBatch(thetas, B);
    if (gradOut.length < B * dim)
      throw new DoplError(`the gradient buffer needs ${B * dim} entries, got ${gradOut.length}`);
    if (dim === 0) return logDensityBatch(thetas, B);
    if (!tfjsGradientsAvailable()) {
      throw new DoplError(
        'tfjs gradients are not registered: in plain Node install @tensorflow/tfjs (or @tensorflow/tfjs-node), or run under a bundler',
      );
    }
    return tf.tidy(() => {
      const th = thetaTensor(thetas, B);
      // Each point's log-density depends on its own row only, so the gradient of Σ_b lp_b is
      // the stack of per-point gradients.
      const { value, grads } = tf
        .engine()
        .gradients(() => logDensityOfRun(runner.run(th, B), B), [th], tf.ones([B]), true);
      const g = grads[0];
      if (g) {
        const gd = g.dataSync() as Float32Array;
        for (let i = 0; i < B * dim; i++) gradOut[i] = gd[i];
      } else gradOut.fill(0, 0, B * dim);
      return toFloat64(value);
    });
  };

  const valuesAt = (
    thetas: ArrayLike<number>,
    B: number,
    kinds: ReadonlySet<Output['kind']>,
  ): Record<string, Tensor> =>
    tf.tidy(() => {
      const vals = runner.run(thetaTensor(thetas, B), B);
      const out: Record<string, Tensor> = {};
      for (const o of outputs) {
        if (!kinds.has(o.kind)) continue;
        const shape: Shape = prog.shapeOf(o.slot);
        const v = vals[o.slot];
        const full = v.shape[0] === B ? v : tf.broadcastTo(v, [B, ...shape]);
        out[o.name] = { shape: [B, ...shape], data: toFloat64(full) };
      }
      return out;
    });

  const unbatch = (t: Tensor): Tensor => ({ shape: t.shape.slice(1), data: t.data });
  const VALUES = new Set<Output['kind']>(['value']);
  const ALL = new Set<Output['kind']>(['value', 'term', 'lower', 'upper']);

  const diagnoseNaN = (theta: ArrayLike<number>): never => {
    const vals = valuesAt(theta, 1, ALL);
    for (const o of outputs) {
      if (vals[o.name].data.some((v) => Number.isNaN(v))) {
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
    backend: 'tfjs',
    tfBackend,
    graph,
    layout,
    dim,
    source,
    logDensity(theta) {
      const v = logDensityBatch(theta, 1)[0];
      if (Number.isNaN(v)) diagnoseNaN(theta);
      return v;
    },
    logDensityAndGradient(theta, gradOut) {
      const v = logDensityAndGradientBatch(theta, 1, gradOut)[0];
      if (Number.isNaN(v)) diagnoseNaN(theta);
      return v;
    },
    logDensityBatch,
    logDensityAndGradientBatch,
    constrain(theta) {
      checkBatch(theta, 1);
      const vals = valuesAt(theta, 1, VALUES);
      const out: Record<string, Tensor> = {};
      for (const [k, v] of Object.entries(vals)) out[k] = unbatch(v);
      return out;
    },
    constrainBatch(thetas, B) {
      checkBatch(thetas, B);
      return valuesAt(thetas, B, VALUES);
    },
    unconstrain(values: Readonly<Record<string, TensorLike>>) {
      const theta = new Float64Array(dim);
      for (const { info, bijector } of bijectors) {
        const given = values[info.name];
        if (given === undefined)
          throw new DoplError(`unconstrain: no value for '${info.name}'`, { node: info.name });
        const t = toTensor(given, info.name);
        if (size(t.shape) !== size(info.shape)) {
          throw new DoplError(
            `unconstrain: '${info.name}' needs shape [${info.shape.join(', ')}], got [${t.shape.join(', ')}]`,
            { node: info.name },
          );
        }
        // Bounds may read earlier nodes, already placed in theta.
        const vals = valuesAt(theta, 1, new Set(['lower', 'upper']));
        const u = bijector.inverse(t.data, info.shape, {
          lower: vals[`lower:${info.name}`]?.data,
          upper: vals[`upper:${info.name}`]?.data,
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
    dispose() {
      runner.dispose();
    },
  };
}
