import { DoplError } from '../errors.js';
import { firstNonFinite, formatShape, type TensorLike, toTensor } from '../tensor/index.js';
import { constant } from './expr.js';
import type { Graph } from './graph.js';
import { Graph as GraphClass } from './graph.js';
import type { DataDecl, Node } from './node.js';

/**
 * Binds values to data nodes and to random nodes declared as data (which become observed).
 * Checks each value against its declaration: shape, integrality, bounds, and no NaN or ±Infinity.
 */
export function bind(graph: Graph, data: Readonly<Record<string, TensorLike>>): Graph {
  for (const name of Object.keys(data)) {
    if (!graph.has(name))
      throw new DoplError(`data '${name}' does not match any name in the model`, { node: name });
  }
  // Shapes may depend on int data bound in the same call, so bind in node order.
  let g: Graph = graph;
  for (const node of graph.nodes) {
    const raw = data[node.name];
    if (raw === undefined) continue;
    const value = toTensor(raw, node.name);
    const bad = firstNonFinite(value);
    if (bad !== undefined) {
      throw new DoplError(`data '${node.name}'${bad === '(scalar)' ? '' : bad} is not a finite number`, {
        node: node.name,
      });
    }
    let next: Node;
    if (node.kind === 'data') {
      const want = node.dims.map((d) => g.dim(d, node.name));
      if (want.length !== value.shape.length || want.some((d, i) => d !== value.shape[i])) {
        throw new DoplError(
          `data '${node.name}' should have shape ${formatShape(want)}, got ${formatShape(value.shape)}`,
          {
            node: node.name,
          },
        );
      }
      checkDeclared(node.name, value.data, node);
      next = { ...node, value };
    } else if (node.kind === 'random') {
      const want = g.shapeOf(node.name);
      if (want.length !== value.shape.length || want.some((d, i) => d !== value.shape[i])) {
        throw new DoplError(
          `observed '${node.name}' should have shape ${formatShape(want)}, got ${formatShape(value.shape)}`,
          {
            node: node.name,
          },
        );
      }
      if (node.data) checkDeclared(node.name, value.data, node.data);
      next = { ...node, observed: constant(value) };
    } else {
      throw new DoplError(`'${node.name}' is a ${node.kind} node; only data and random nodes take data`, {
        node: node.name,
      });
    }
    g = new GraphClass(g.nodes.map((n) => (n.name === node.name ? next : n)));
  }
  return g;
}

/** Values against a `data` declaration: integrality for int/bool, and the declared bounds. */
function checkDeclared(name: string, values: Float64Array, decl: DataDecl): void {
  for (const v of values) {
    if (decl.dtype !== 'real' && !Number.isInteger(v)) {
      throw new DoplError(`data '${name}' is declared ${decl.dtype} but holds ${v}`, { node: name });
    }
    if (decl.dtype === 'bool' && v !== 0 && v !== 1) {
      throw new DoplError(`data '${name}' is declared bool but holds ${v}`, { node: name });
    }
    if ((decl.lower !== undefined && v < decl.lower) || (decl.upper !== undefined && v > decl.upper)) {
      throw new DoplError(
        `data '${name}' holds ${v}, outside its declared bounds [${decl.lower ?? '-inf'}, ${decl.upper ?? 'inf'}]`,
        { node: name },
      );
    }
  }
}
