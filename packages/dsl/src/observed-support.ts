import { type Expr, type Graph, getDistribution, type Tensor } from '@dopl/core';
import type { DataFile } from './data-json.js';
import type { Diagnostics } from './errors.js';
import type { SourceMap } from './lower.js';

// Observed data must lie in the support of its distribution: a count of -2, a Bernoulli outcome
// of 2, a category past the last, k > n successes. Outside it the log-density is -∞ (or, for a
// category, reads past its probabilities), so every draw is rejected and the sampler stops with a
// message about the sampler rather than about the data. Values given as constants or data are
// checked here, before inference; parameters a bound depends on are checked by the density.

/** A tensor an argument holds before inference (a constant or bound data), if any. */
function known(g: Graph, e: Expr | undefined): Tensor | undefined {
  if (e?.kind === 'const') return e.value;
  if (e?.kind === 'ref') {
    const n = g.get(e.name);
    if (n.kind === 'data') return n.value;
  }
  return undefined;
}

/** The element of `t` that broadcasts to flat position `i` of a value of shape `shape`. */
function elementAt(t: Tensor, shape: readonly number[], i: number): number {
  if (t.data.length === 1) return t.data[0];
  let offset = 0;
  let stride = 1;
  let rest = i;
  const dims = shape.map((d, k) => ({ d, k })).reverse();
  for (const { d, k } of dims) {
    const idx = rest % d;
    rest = Math.floor(rest / d);
    const tk = k - (shape.length - t.shape.length);
    if (tk >= 0) {
      if (t.shape[tk] !== 1) offset += idx * stride;
      stride *= t.shape[tk];
    }
  }
  return t.data[offset];
}

/** `[2]`, `[1, 0]`: a flat position as an index into `shape`. */
function indexText(shape: readonly number[], i: number): string {
  if (shape.length === 0) return '';
  const out: number[] = [];
  for (let k = shape.length - 1; k >= 0; k--) {
    out.unshift(i % shape[k]);
    i = Math.floor(i / shape[k]);
  }
  return `[${out.join(', ')}]`;
}

/** What is wrong with one observed value, or undefined when it is in the support. */
type Rule = (v: number, i: number) => string | undefined;

function ruleFor(
  g: Graph,
  dist: string,
  args: Readonly<Record<string, Expr>>,
  shape: readonly number[],
): Rule {
  const family = getDistribution(dist);
  const s = family.support;
  switch (s.kind) {
    case 'integer': {
      // Categorical's categories are the last axis of p (or logits), a parameter's too.
      const probs = dist === 'Categorical' ? (args.p ?? args.logits) : undefined;
      const pShape = probs && g.exprShape(probs);
      const K = pShape?.[pShape.length - 1];
      const byArg = typeof s.upper === 'string' ? known(g, args[s.upper]) : undefined;
      return (v, i) => {
        if (!Number.isInteger(v)) return `${dist} takes whole numbers`;
        if (v < s.lower) return `${dist} takes whole numbers ≥ ${s.lower}`;
        if (typeof s.upper === 'number' && v > s.upper)
          return `${dist} takes ${s.upper - s.lower === 1 ? `${s.lower} or ${s.upper}` : `${s.lower} … ${s.upper}`}`;
        if (byArg && v > elementAt(byArg, shape, i))
          return `${dist} takes ${s.lower} … ${s.upper}, and ${s.upper} is ${elementAt(byArg, shape, i)} here`;
        if (K !== undefined && v > K - 1) return `Categorical has ${K} categories, 0 … ${K - 1}`;
        return undefined;
      };
    }
    case 'positive':
      // 0 is allowed: it is in the closure, and for some families (HalfNormal) its density is finite.
      return (v) => (v < 0 ? `${dist} takes values ≥ 0` : undefined);
    case 'unit':
      return (v) => (v < 0 || v > 1 ? `${dist} takes values in [0, 1]` : undefined);
    case 'interval': {
      const lo = typeof s.lower === 'string' ? known(g, args[s.lower]) : undefined;
      const hi = typeof s.upper === 'string' ? known(g, args[s.upper]) : undefined;
      return (v, i) => {
        const a = lo ? elementAt(lo, shape, i) : typeof s.lower === 'number' ? s.lower : -Infinity;
        const b = hi ? elementAt(hi, shape, i) : typeof s.upper === 'number' ? s.upper : Infinity;
        return v < a || v > b ? `${dist} takes values in [${a}, ${b}] here` : undefined;
      };
    }
    default:
      return () => undefined;
  }
}

/**
 * Reports observed data outside its distribution's support: at the value's array in the data
 * file when there is one, else at the statement that observes it. One report per node.
 */
export function checkObservedSupport(
  g: Graph,
  map: SourceMap,
  diags: Diagnostics,
  skip: ReadonlySet<string>,
  file?: DataFile,
): void {
  for (const n of g.nodes) {
    if (n.kind !== 'random' || n.recurrence || skip.has(n.name) || n.observed?.kind !== 'const') continue;
    const value = n.observed.value;
    const shape = value.shape;
    const rule = ruleFor(g, n.dist.name, n.dist.args, shape);
    for (let i = 0; i < value.data.length; i++) {
      const why = rule(value.data[i], i);
      if (!why) continue;
      const what = `'${n.name}'${indexText(shape, i)} is ${value.data[i]}`;
      const at = n.data ? file?.positions.get(n.name) : undefined;
      if (at && file) {
        const decl = map.nodes.get(n.name);
        const where = decl ? ` ('${n.name}' is observed at ${diags.source.file}:${decl.line})` : '';
        diags.push(
          file.source.diagnostic(at.line, at.col, `data ${what}, outside the support: ${why}${where}`),
        );
      } else {
        const pos = map.dists.get(n.name) ?? map.nodes.get(n.name);
        if (pos) diags.at(pos, `observed ${what}, outside the support: ${why}`);
      }
      break;
    }
  }
}
