import {
  argName,
  call,
  causalDag,
  checkParamValue,
  DoplError,
  Graph,
  getDistribution,
  type Intervention,
  isTensor,
  type RandomNode,
  refsOf,
  sampleForward,
  slicesOf,
  type Tensor,
  type TensorLike,
  toTensor,
  withArgs,
} from '@dopl/core';

// An action or a piece of evidence that puts a node outside what its mechanism can produce — a
// Bernoulli set to 2, a count set to 2.5, a shift that pushes a probability past 1 — makes every
// downstream density −∞ or its sampler NaN. Enumeration would then silently drop those states and
// renormalise, and abduction would couple against an impossible value; these checks refuse them
// by name instead.

interface SupportTest {
  readonly words: string;
  /** Whether v may be element i (flat, within one draw) of the node. */
  readonly holds: (v: number, i: number) => boolean;
}

/**
 * The values a random node's family can take, when that does not depend on its parameters.
 * Boundaries are allowed (do(dose = 0) on a positive dose is a natural action).
 */
function supportOf(graph: Graph, node: RandomNode): SupportTest | undefined {
  const family = familySupport(graph, node);
  const c = node.constraint;
  if (c?.kind !== 'interval') return family;
  // A declared bound (`x: real<lower=0> ~ Normal(…)`) truncates the family, when it is a number.
  const bound = (e: typeof c.lower) =>
    e?.kind === 'const' && e.value.data.length === 1 ? e.value.data[0] : undefined;
  const lo = bound(c.lower);
  const hi = bound(c.upper);
  if (lo === undefined && hi === undefined) return family;
  const words = [lo !== undefined ? `≥ ${lo}` : '', hi !== undefined ? `≤ ${hi}` : '']
    .filter(Boolean)
    .join(' and ');
  return {
    words: family ? `${family.words}, ${words} as declared` : `numbers ${words}, as declared`,
    holds: (v, i) =>
      (family?.holds(v, i) ?? true) && (lo === undefined || v >= lo) && (hi === undefined || v <= hi),
  };
}

function familySupport(graph: Graph, node: RandomNode): SupportTest | undefined {
  const s = getDistribution(node.dist.name).support;
  switch (s.kind) {
    case 'real':
      return { words: 'real numbers', holds: Number.isFinite };
    case 'positive':
      return { words: 'numbers ≥ 0', holds: (v) => v >= 0 && v < Number.POSITIVE_INFINITY };
    case 'unit':
      return { words: 'numbers in [0, 1]', holds: (v) => v >= 0 && v <= 1 };
    case 'interval':
      if (typeof s.lower !== 'number' || typeof s.upper !== 'number') return undefined;
      return {
        words: `numbers in [${s.lower}, ${s.upper}]`,
        holds: (v) => v >= (s.lower as number) && v <= (s.upper as number),
      };
    case 'integer': {
      if (node.dist.name === 'Categorical') {
        // Categories 0 … K − 1, K the length of the probability vector's last axis.
        const e = node.dist.args.p ?? node.dist.args.logits;
        let k: number | undefined;
        try {
          k = e ? graph.exprShape(e).at(-1) : undefined;
        } catch {
          k = undefined;
        }
        if (k !== undefined)
          return {
            words: `whole numbers 0 to ${k - 1}`,
            holds: (v) => Number.isInteger(v) && v >= 0 && v < k,
          };
      }
      const bound = typeof s.upper === 'string' ? dataBound(graph, node, s.upper) : undefined;
      const upper = typeof s.upper === 'number' ? s.upper : bound?.length === 1 ? bound[0] : undefined;
      const words =
        upper !== undefined
          ? `whole numbers ${s.lower} to ${upper}`
          : bound
            ? `whole numbers ${s.lower} to its ${s.upper}`
            : `whole numbers ≥ ${s.lower}`;
      return {
        words,
        holds: (v, i) =>
          Number.isInteger(v) &&
          v >= s.lower &&
          (upper === undefined || v <= upper) &&
          (bound === undefined || v <= (i < 0 ? Math.max(...bound) : bound[i % bound.length])),
      };
    }
    default:
      return undefined;
  }
}

/**
 * A bound named by a parameter (Binomial's n), when its argument reads only bound data: its value
 * per element of the node.
 */
function dataBound(graph: Graph, node: RandomNode, param: string): Float64Array | undefined {
  const e = node.dist.args[param];
  if (!e) return undefined;
  const data = graph.nodes.filter((n) => n.kind === 'data' && n.value !== undefined);
  const known = new Set(data.map((n) => n.name));
  if (![...refsOf(e)].every((r) => known.has(r))) return undefined;
  try {
    const shape = [...graph.shapeOf(node.name)];
    const expr = shape.length ? call('broadcast_to', [e], { shape }) : e;
    const g = new Graph([...data, { kind: 'deterministic', name: '__bound__', expr }]);
    return sampleForward(g, { draws: 1, seed: 0 }).__bound__.data;
  } catch {
    return undefined;
  }
}

const randomNode = (g: Graph, name: string): RandomNode | undefined => {
  if (!g.has(name)) return undefined;
  const n = g.get(name);
  return n.kind === 'random' ? n : undefined;
};

const firstOutside = (test: SupportTest, data: ArrayLike<number>): number | undefined => {
  for (let i = 0; i < data.length; i++) if (!test.holds(data[i], i)) return i;
  return undefined;
};

/** The nodes (quoted) whose declared dimensions name `name`. */
const sizedBy = (graph: Graph, name: string): string[] =>
  graph.nodes
    .filter((n) => (n.kind === 'data' || n.kind === 'random') && (n.dims ?? []).includes(name))
    .map((n) => `'${n.name}'`);

/** Evidence on a random node must be a value the node can take (else it has probability zero). */
export function checkEvidence(graph: Graph, given: Readonly<Record<string, TensorLike>>): void {
  for (const [name, value] of Object.entries(given)) {
    // A new size is fine with new values for everything it sizes (a query about another unit).
    const sized = sizedBy(graph, name).filter((n) => !(n.slice(1, -1) in given));
    if (sized.length > 0) {
      throw new DoplError(
        `query: evidence on '${name}' changes the shape of ${sized.join(', ')}, of which it is a dimension; give ${sized.length > 1 ? 'their values' : 'its values'} too`,
        { node: name },
      );
    }
    const node = randomNode(graph, name);
    const test = node && supportOf(graph, node);
    if (!test) continue;
    const v = toTensor(value, name).data;
    const i = firstOutside(test, v);
    if (i !== undefined) {
      throw new DoplError(
        `query: evidence ${name} = ${v[i]} is outside the support of ${node!.dist.name} (${test.words}), so it has probability zero`,
        { node: name },
      );
    }
  }
}

/** What a data node's declaration admits (int, bounds), when it says anything. */
function declaredOf(graph: Graph, name: string): SupportTest | undefined {
  if (!graph.has(name)) return undefined;
  const n = graph.get(name);
  if (n.kind !== 'data') return undefined;
  const int = n.dtype === 'int';
  const lo = n.lower ?? Number.NEGATIVE_INFINITY;
  const hi = n.upper ?? Number.POSITIVE_INFINITY;
  if (!int && n.lower === undefined && n.upper === undefined) return undefined;
  const bounds = [n.lower !== undefined ? `≥ ${n.lower}` : '', n.upper !== undefined ? `≤ ${n.upper}` : '']
    .filter(Boolean)
    .join(' and ');
  return {
    words: `${int ? 'whole numbers' : 'numbers'}${bounds ? ` ${bounds}` : ''}, as declared`,
    holds: (v) => (!int || Number.isInteger(v)) && v >= lo && v <= hi,
  };
}

/**
 * A constant set on a random node (or on slices of it) must be a value the node can take; one
 * set on a data node, a value its declaration admits.
 */
export function checkActionValues(
  graph: Graph,
  act: Readonly<Record<string, Intervention>>,
  what: string,
): void {
  for (const [name, value] of Object.entries(act)) {
    const sized = sizedBy(graph, name);
    if (sized.length > 0) {
      throw new DoplError(
        `${what}(${name}): '${name}' is a dimension of ${sized.join(', ')}, and an action cannot change a node's shape; set the values of those nodes instead`,
        { node: name },
      );
    }
    const node = randomNode(graph, name);
    const test = (node ? supportOf(graph, node) : declaredOf(graph, name)) ?? {
      words: '',
      holds: () => true,
    };
    const slices = slicesOf(value);
    const values = (slices ?? [{ value }]).map((s) => s.value);
    const elements = graph.shapeOf(name).reduce((a, b) => a * b, 1);
    for (const v of values) {
      const t = constantOf(v);
      if (!t) continue;
      if (t.data.some((x) => !Number.isFinite(x)))
        throw new DoplError(`${what}(${name}): the value is not a finite number`, { node: name });
      // Element i of the node gets value i, or the one value broadcast; a slice's elements are
      // not the node's, so they are checked against the loosest element bound (index −1).
      const n = slices ? t.data.length : Math.max(elements, t.data.length);
      for (let i = 0; i < n; i++) {
        const x = t.data[i % t.data.length];
        if (test.holds(x, slices ? -1 : i)) continue;
        throw new DoplError(
          node
            ? `${what}(${name}): ${x} is outside the support of ${name} ~ ${node.dist.name} (${test.words})`
            : `${what}(${name}): ${x} is not a value of data '${name}' (${test.words})`,
          { node: name },
        );
      }
    }
  }
}

function constantOf(v: Intervention): Tensor | undefined {
  if (typeof v === 'number') return toTensor(v);
  if (isTensor(v)) return v;
  if (Array.isArray(v) && v.every((x) => typeof x === 'number' || Array.isArray(x))) {
    try {
      return toTensor(v as TensorLike);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * A world under an action (`acted`: that action's graph, `values`: its rows, `[row, ...shape]`
 * per node): every intervened random node must stay in its support (shifts and stochastic
 * actions are only known per row), and every random node downstream must get valid parameters.
 */
export function checkActedWorld(
  graph: Graph,
  acted: Graph,
  values: Readonly<Record<string, Tensor>>,
  act: Readonly<Record<string, Intervention>>,
  what: string,
): void {
  const names = Object.keys(act);
  const first = values[Object.keys(values)[0]];
  if (!first) return;
  const rows = first.shape[0];
  for (const name of names) {
    const node = randomNode(graph, name);
    const test = node && supportOf(graph, node);
    const v = values[name];
    if (!test || !v) continue;
    const per = v.data.length / rows;
    let bad = 0;
    let example = 0;
    for (let r = 0; r < rows; r++) {
      const i = firstOutside(test, v.data.subarray(r * per, (r + 1) * per));
      if (i === undefined) continue;
      if (bad === 0) example = v.data[r * per + i];
      bad++;
    }
    if (bad > 0) {
      const where = rows === 1 ? '' : ` in ${bad} of ${rows} draws`;
      throw new DoplError(
        `${what}(${name}): the action gives ${name} = ${example}${where}, outside the support of ${node!.dist.name} (${test.words})`,
        { node: name },
      );
    }
  }
  // Random nodes whose parameters the action can move: its descendants, and the new
  // distributions of stochastic actions.
  const dag = causalDag(acted);
  const moved = new Set<string>();
  const origin = new Map<string, string>();
  for (const a of names) {
    const stack = [a, `${a}_natural`];
    while (stack.length) {
      const n = stack.pop()!;
      if (moved.has(n) || !acted.has(n)) continue;
      moved.add(n);
      if (!origin.has(n)) origin.set(n, a);
      stack.push(...(dag.children.get(n) ?? []));
    }
  }
  // Parameters are checked element by element where they broadcast to the node (scalar
  // families); a probability vector per element (Categorical) is left to its own sampler.
  const elementwise = (n: RandomNode) => {
    try {
      const shape = acted.shapeOf(n.name);
      return Object.values(n.dist.args).every((e) => {
        const a = acted.exprShape(e);
        return (
          a.length <= shape.length && a.every((d, i) => d === 1 || d === shape[shape.length - a.length + i])
        );
      });
    } catch {
      return false;
    }
  };
  const check = acted.nodes
    .filter(
      (n): n is RandomNode =>
        n.kind === 'random' && moved.has(n.name) && values[n.name] !== undefined && elementwise(n),
    )
    .map((n) => n.name);
  if (check.length === 0) return;
  const given: Record<string, Tensor> = {};
  for (const n of acted.nodes)
    if (n.kind === 'random' && n.observed === undefined && values[n.name]) given[n.name] = values[n.name];
  let params: Record<string, Tensor>;
  try {
    params = sampleForward(withArgs(acted, check), { given, draws: rows, seed: 0 });
  } catch {
    // A world the query could draw but this re-evaluation cannot (an unusual node kind): the
    // check is a guard on top of the answer, never a reason to refuse it.
    return;
  }
  for (const name of check) {
    const node = acted.get(name) as RandomNode;
    const dist = getDistribution(node.dist.name);
    for (const arg of Object.keys(node.dist.args)) {
      const p = params[argName(name, arg)];
      const problem = p && checkParamValue(dist, arg, p.data, p.shape.slice(1));
      if (problem) {
        const a = origin.get(name)!;
        throw new DoplError(
          `${what}(${a}): under this action '${name}' ~ ${dist.name} gets an invalid parameter: ${problem}`,
          { node: a },
        );
      }
    }
  }
}
