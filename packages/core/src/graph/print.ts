import { getDistribution } from '../distributions/distribution.js';
import { toNested } from '../tensor/index.js';
import type { Expr } from './expr.js';
import type { Graph } from './graph.js';
import type { Constraint, DataNode, Dim, DistCall, Node } from './node.js';

// Printing in the language's syntax (DESIGN §7). Precedence climbs: or < and < comparison <
// additive < multiplicative (incl. @) < unary minus < power < postfix indexing.

const infix: Record<string, [string, number]> = {
  or: ['or', 1],
  and: ['and', 2],
  lt: ['<', 3],
  le: ['<=', 3],
  gt: ['>', 3],
  ge: ['>=', 3],
  eq: ['==', 3],
  ne: ['!=', 3],
  add: ['+', 4],
  sub: ['-', 4],
  mul: ['*', 5],
  div: ['/', 5],
  matmul: ['@', 5],
  pow: ['^', 7],
};

const num = (v: number): string =>
  Number.isNaN(v) ? 'nan' : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : `${v}`;

const nested = (v: unknown): string =>
  Array.isArray(v) ? `[${v.map(nested).join(', ')}]` : num(v as number);

export function printExpr(e: Expr, selfName = 'x', minPrec = 0): string {
  const [text, prec] = render(e, selfName);
  return prec < minPrec ? `(${text})` : text;
}

function render(e: Expr, selfName: string): [string, number] {
  const p = (x: Expr, min: number) => printExpr(x, selfName, min);
  switch (e.kind) {
    case 'const':
      return [
        e.value.shape.length === 0 ? num(e.value.data[0]) : nested(toNested(e.value)),
        e.value.data[0] < 0 ? 6 : 9,
      ];
    case 'ref':
      return [e.name, 9];
    case 'step':
      return ['t', 9];
    case 'self':
      return [`${selfName}[t - ${e.lag}]`, 8];
    case 'param':
      return [`theta[${e.offset}]`, 8];
    case 'call': {
      const a = e.args;
      const at = e.attrs ?? {};
      const op = infix[e.op];
      if (op) {
        const [sym, prec] = op;
        // Power is right-associative; the others are left-associative.
        const left = p(a[0], sym === '^' ? prec + 1 : prec);
        const right = p(a[1], sym === '^' ? prec : prec + 1);
        return [`${left} ${sym} ${right}`, prec];
      }
      switch (e.op) {
        case 'neg':
          return [`-${p(a[0], 6)}`, 6];
        case 'not':
          return [`not ${p(a[0], 3)}`, 2];
        case 'where':
          return [`if ${p(a[0], 0)} then ${p(a[1], 0)} else ${p(a[2], 0)}`, 0];
        case 'take': {
          const axis = (at.axis as number | undefined) ?? 0;
          return [`${p(a[0], 8)}[${': , '.repeat(axis)}${p(a[1], 0)}]`, 8];
        }
        case 'slice': {
          const axis = (at.axis as number | undefined) ?? 0;
          const b = (v: unknown) => (v === null || v === undefined ? '' : `${v}`);
          const step = at.step !== undefined && at.step !== null && at.step !== 1 ? `:${at.step}` : '';
          return [`${p(a[0], 8)}[${': , '.repeat(axis)}${b(at.start)}:${b(at.stop)}${step}]`, 8];
        }
        case 'stack':
          return [`[${a.map((x) => p(x, 0)).join(', ')}]`, 9];
      }
      const kw = Object.entries(at)
        .filter(([, v]) => v !== undefined)
        .map(
          ([k, v]) =>
            `${k}=${Array.isArray(v) ? `[${v.map((x) => (x === null ? 'null' : x)).join(', ')}]` : v}`,
        );
      return [`${e.op}(${[...a.map((x) => p(x, 0)), ...kw].join(', ')})`, 9];
    }
  }
}

const dims = (ds: readonly Dim[] | undefined) => (ds?.length ? `[${ds.join(', ')}]` : '');

function printDist(d: DistCall, selfName: string): string {
  const dist = getDistribution(d.name);
  const given = Object.keys(d.args);
  const positional =
    dist.params.length === given.length && dist.params.every((p, i) => given[i] === p || p in d.args);
  const args = positional
    ? dist.params.map((p) => printExpr(d.args[p], selfName))
    : given.map((k) => `${k}=${printExpr(d.args[k], selfName)}`);
  return `${d.name}(${args.join(', ')})`;
}

function printConstraint(c: Constraint, ds: readonly Dim[] | undefined): string {
  switch (c.kind) {
    case 'interval': {
      const b = [c.lower && `lower=${printExpr(c.lower)}`, c.upper && `upper=${printExpr(c.upper)}`].filter(
        Boolean,
      );
      return `real<${b.join(', ')}>${dims(ds)}`;
    }
    default:
      return `${c.kind}${dims(ds)}`;
  }
}

function printData(n: Pick<DataNode, 'name' | 'dtype' | 'dims' | 'lower' | 'upper'>): string {
  const b = [
    n.lower !== undefined && `lower=${num(n.lower)}`,
    n.upper !== undefined && `upper=${num(n.upper)}`,
  ].filter(Boolean);
  return `data ${n.name}: ${n.dtype}${b.length ? `<${b.join(', ')}>` : ''}${dims(n.dims)}`;
}

function printNode(g: Graph, n: Node): string[] {
  switch (n.kind) {
    case 'data':
      return [printData(n)];
    case 'factor':
      return [`factor ${n.name} := ${printExpr(n.expr)}`];
    case 'deterministic': {
      if (!n.recurrence) return [`${n.name} := ${printExpr(n.expr, n.name)}`];
      const k = n.recurrence.init.length;
      return [
        ...n.recurrence.init.map((e, j) => `${n.name}[${j}] := ${printExpr(e, n.name)}`),
        `${n.name}[t in ${k}:${n.recurrence.length}] := ${printExpr(n.expr, n.name)}`,
      ];
    }
    case 'random': {
      const lines: string[] = [];
      // A node that observes declared data prints its declaration (bound or not).
      if (n.data || n.observed?.kind === 'const') {
        const shape = n.observed?.kind === 'const' ? n.observed.value.shape : [];
        lines.push(printData({ name: n.name, dtype: 'real', dims: shape, ...n.data }));
      }
      const obs = n.observed && n.observed.kind !== 'const' ? ` observes ${printExpr(n.observed)}` : '';
      const decl = n.constraint
        ? `${n.name}: ${printConstraint(n.constraint, n.dims)}`
        : `${n.name}${dims(n.dims)}`;
      if (n.recurrence) {
        const k = n.recurrence.init.length;
        n.recurrence.init.forEach((c, j) => {
          lines.push(`${n.name}[${j}] ~ ${printDist(c, n.name)}`);
        });
        const T = n.dims?.[0] ?? g.shapeOf(n.name)[0];
        const type = n.constraint ? `: ${printConstraint(n.constraint, undefined)}` : '';
        lines.push(`${n.name}[t in ${k}:${T}]${type} ~ ${printDist(n.dist, n.name)}${obs}`);
        return lines;
      }
      lines.push(`${decl} ~ ${printDist(n.dist, n.name)}${obs}`);
      return lines;
    }
  }
}

export function printGraph(g: Graph): string {
  return `${g.nodes.flatMap((n) => printNode(g, n)).join('\n')}\n`;
}
