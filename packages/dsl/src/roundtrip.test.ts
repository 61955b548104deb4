import { type Expr, exprKey, type Graph, mapExpr, type Node, ref } from '@dopl/core';
import { describe, expect, it } from 'vitest';
import { compileModel } from './compile.js';
import { builderModels } from './models.fixture.js';

// graph.toString() prints a model in the language; compiling that text must give the same Graph.

/** exprKey, with every constant spelt out (exprKey keys large constants by identity). */
const key = (e: Expr | undefined): string | undefined =>
  e &&
  exprKey(
    mapExpr(e, (x) =>
      x.kind === 'const' && x.value.data.length > 16
        ? ref(`const[${x.value.shape}](${Array.from(x.value.data).join(',')})`)
        : undefined,
    ),
  );

const distKey = (d: { name: string; args: Readonly<Record<string, Expr>> }) =>
  `${d.name}(${Object.entries(d.args)
    .map(([k, v]) => `${k}=${key(v)}`)
    .sort()
    .join(', ')})`;

/** What a node means, as comparable text (dims compared as declared when the original declares them). */
function describeNode(g: Graph, n: Node, like?: Node): unknown {
  switch (n.kind) {
    case 'data':
      return { ...n, value: n.value && [n.value.shape, Array.from(n.value.data)] };
    case 'deterministic':
      return {
        kind: n.kind,
        name: n.name,
        expr: key(n.expr),
        length: n.recurrence?.length,
        init: n.recurrence?.init.map(key),
      };
    case 'factor':
      return { kind: n.kind, name: n.name, expr: key(n.expr) };
    case 'random': {
      const orig = like?.kind === 'random' ? like : n;
      const c = n.constraint;
      return {
        kind: n.kind,
        name: n.name,
        dist: distKey(n.dist),
        shape: g.shapeOf(n.name),
        dims: orig.dims ? n.dims : undefined,
        constraint: c && (c.kind === 'interval' ? [c.kind, key(c.lower), key(c.upper)] : c.kind),
        observed: key(n.observed),
        data: orig.data && n.data && { ...n.data, lower: n.data.lower, upper: n.data.upper },
        init: n.recurrence?.init.map(distKey),
      };
    }
  }
}

/** The data a printed model needs: data nodes' values and observed constants. */
function dataOf(g: Graph): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const n of g.nodes) {
    if (n.kind === 'data' && n.value) out[n.name] = n.value;
    if (n.kind === 'random' && n.observed?.kind === 'const') out[n.name] = n.observed.value;
  }
  return out;
}

describe('round trip: compileModel(graph.toString()) rebuilds the builder graph', () => {
  for (const [name, build] of Object.entries(builderModels)) {
    it(`${name}: equal node by node`, () => {
      const g = build();
      const text = g.toString();
      const back = compileModel(text, { file: `${name}.dopl`, data: dataOf(g) });
      expect(back.names).toEqual(g.names);
      g.nodes.forEach((n, i) => {
        expect(describeNode(back, back.nodes[i], n)).toEqual(describeNode(g, n, n));
      });
      // Printing the rebuilt graph and compiling again changes nothing more. (The first print may
      // differ: a node given `observed:` in TS prints as declared data, which then has dims.)
      const again = compileModel(back.toString(), { data: dataOf(back) });
      expect(again.toString()).toBe(back.toString());
    });
  }
});
