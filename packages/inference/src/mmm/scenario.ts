import { bind, DoplError, Graph, type Node, sampleForward, type Tensor, tensor } from '@dopl/core';
import type { InferenceData } from '../data/index.js';
import { posteriorDraws } from './draws.js';

// Recomputes a contribution node for every posterior draw under other spend: the graph cut down
// to the node's ancestors (so the likelihood and unrelated series never need new data), the spend
// data node rebound, and the posterior values of the parameters held fixed.

export interface SpendModel {
  /** Data node of spend in original units, shaped [T, C] (or [T]). */
  readonly spend: string;
  /** Deterministic node of channel contributions, shaped like the spend. */
  readonly contribution: string;
  /**
   * Int data naming the time axis, needed to pad: every kept data series whose first dimension is
   * this one gets `pad` extra zero rows, so that carry-over past the last week is counted.
   */
  readonly timeDim?: string;
  readonly pad?: number;
}

export interface SpendEvaluator {
  readonly T: number;
  readonly C: number;
  /** Posterior draws used. */
  readonly n: number;
  /** Observed spend, [T * C] row-major (time-major), original units. */
  readonly spend: Float64Array;
  /**
   * Contributions (model scale) for spend `x` ([T * C], unpadded; the pad rows are zero spend):
   * result[i * Tp * C + t * C + c] for draw i, Tp = T + pad.
   */
  contributions(x: Float64Array): Float64Array;
  readonly paddedT: number;
}

const zeroRows = (v: Tensor, rows: number): Tensor => {
  const row = v.shape.slice(1).reduce((a, b) => a * b, 1);
  const data = new Float64Array(v.data.length + rows * row);
  data.set(v.data);
  return tensor(data, [v.shape[0] + rows, ...v.shape.slice(1)]);
};

export function spendEvaluator(graph: Graph, idata: InferenceData, model: SpendModel): SpendEvaluator {
  const spendNode = graph.has(model.spend) ? graph.get(model.spend) : undefined;
  if (spendNode?.kind !== 'data' || !spendNode.value)
    throw new DoplError(`'${model.spend}' should be a data node with a value (the spend)`, {
      node: model.spend,
    });
  const contribNode = graph.has(model.contribution) ? graph.get(model.contribution) : undefined;
  if (contribNode?.kind !== 'deterministic')
    throw new DoplError(
      `'${model.contribution}' should be a deterministic node (the channel contributions)`,
      {
        node: model.contribution,
      },
    );
  const spendShape = spendNode.value.shape;
  const cShape = graph.shapeOf(model.contribution);
  if (
    spendShape.length > 2 ||
    cShape.length !== spendShape.length ||
    cShape.some((d, i) => d !== spendShape[i])
  )
    throw new DoplError(
      `'${model.contribution}' [${cShape.join(', ')}] should have the shape of '${model.spend}' [${spendShape.join(', ')}]`,
      { node: model.contribution },
    );
  const anc = graph.ancestors([model.contribution]);
  if (!anc.has(model.spend))
    throw new DoplError(`'${model.contribution}' does not depend on '${model.spend}'`, {
      node: model.contribution,
    });
  const pad = model.pad ?? 0;
  if (!Number.isInteger(pad) || pad < 0) throw new DoplError(`pad must be a whole number ≥ 0, got ${pad}`);
  if (pad > 0 && !model.timeDim)
    throw new DoplError('padding needs timeDim, the int data naming the time axis');
  const keep = (n: Node) =>
    n.name === model.contribution ||
    anc.has(n.name) ||
    (n.kind === 'data' && n.dims.length === 0 && n.dtype === 'int');
  let sub = new Graph(graph.nodes.filter(keep));
  const T = spendShape[0];
  const C = spendShape.length === 2 ? spendShape[1] : 1;
  if (pad > 0) {
    const timeDim = model.timeDim!;
    if (!sub.has(timeDim))
      throw new DoplError(`timeDim '${timeDim}' is not int data of the model`, { node: timeDim });
    const rebound: Record<string, Tensor> = { [timeDim]: tensor([T + pad], []) };
    for (const n of sub.nodes)
      if (n.kind === 'data' && n.value && n.dims[0] === timeDim) rebound[n.name] = zeroRows(n.value, pad);
    if (!(model.spend in rebound))
      throw new DoplError(`'${model.spend}' is not indexed by '${timeDim}' along its first axis`, {
        node: model.spend,
      });
    sub = bind(sub, rebound);
  }
  const given: Record<string, Tensor> = {};
  let n = -1;
  for (const node of sub.nodes) {
    if (node.kind !== 'random') continue;
    const d = posteriorDraws(idata, node.name);
    n = d.n;
    given[node.name] = { shape: [d.n, ...d.shape], data: d.data };
  }
  if (n < 0)
    throw new DoplError(`'${model.contribution}' depends on no parameter`, { node: model.contribution });
  const Tp = T + pad;
  const spend = Float64Array.from(spendNode.value.data);
  return {
    T,
    C,
    n,
    spend,
    paddedT: Tp,
    contributions(x: Float64Array): Float64Array {
      if (x.length !== T * C) throw new DoplError(`spend should have ${T * C} values, got ${x.length}`);
      const full = new Float64Array(Tp * C);
      full.set(x);
      const g = bind(sub, {
        [model.spend]: tensor(full, pad > 0 ? [Tp, ...spendShape.slice(1)] : spendShape),
      });
      return sampleForward(g, { given, predictive: false, seed: 0 })[model.contribution].data;
    },
  };
}
