// An exact oracle for finite discrete SCMs, written without dopl: it enumerates the twin
// network by hand, every world sharing each node's Uniform(0, 1) noise.

/**
 * A node of a finite discrete SCM as the oracle sees it: its values, and for each value the
 * interval of its Uniform(0, 1) noise that produces it, given the values of its parents in the
 * same world. Bernoulli(p): 1 ← [0, p), 0 ← [p, 1) (x = 1[u < p]); Categorical(p): k ←
 * [F(k − 1), F(k)) — the couplings DESIGN §3 fixes.
 */
export interface FiniteNode {
  readonly name: string;
  readonly values: readonly number[];
  readonly interval: (value: number, world: Readonly<Record<string, number>>) => readonly [number, number];
}

export const bernoulli = (name: string, p: (w: Readonly<Record<string, number>>) => number): FiniteNode => ({
  name,
  values: [0, 1],
  interval: (v, w) => (v === 1 ? [0, p(w)] : [p(w), 1]),
});

export const categorical = (
  name: string,
  k: number,
  probs: (w: Readonly<Record<string, number>>) => readonly number[],
): FiniteNode => ({
  name,
  values: Array.from({ length: k }, (_, i) => i),
  interval: (v, w) => {
    const p = probs(w);
    const lo = p.slice(0, v).reduce((a, b) => a + b, 0);
    return [lo, v === k - 1 ? 1 : lo + p[v]];
  },
});

/** One world of the oracle: its action (node → value) and the evidence seen in it. */
export interface OracleWorld {
  readonly do?: Readonly<Record<string, number>>;
  readonly given?: Readonly<Record<string, number>>;
}

/**
 * E[target(worlds) | evidence] by enumerating every joint value of the nodes in every world:
 * all worlds share each node's noise u, so a combination of values, one per world, has the
 * probability |∩ of their noise intervals| (1 for an intervened world's set value). With one
 * world and no action this is plain enumeration of the model; with one action it is the
 * interventional law; a factual world with evidence plus acted worlds is the twin network.
 */
export function oracle(
  nodes: readonly FiniteNode[],
  worlds: readonly OracleWorld[],
  target: (values: readonly Readonly<Record<string, number>>[]) => number,
): number {
  let num = 0;
  let den = 0;
  const visit = (i: number, values: Record<string, number>[], weight: number, lo: number, hi: number) => {
    if (weight === 0) return;
    if (i === nodes.length) {
      num += weight * target(values);
      den += weight;
      return;
    }
    const node = nodes[i];
    // Choose the value of this node in world k, narrowing the shared noise interval [lo, hi).
    const choose = (k: number, l: number, h: number) => {
      if (k === worlds.length) {
        visit(i + 1, values, weight * Math.max(0, h - l), 0, 1);
        return;
      }
      const w = worlds[k];
      const set = w.do?.[node.name];
      const seen = w.given?.[node.name];
      for (const v of set !== undefined ? [set] : node.values) {
        if (seen !== undefined && v !== seen) continue;
        values[k][node.name] = v;
        if (set !== undefined) choose(k + 1, l, h);
        else {
          const [a, b] = node.interval(v, values[k]);
          if (Math.min(h, b) > Math.max(l, a)) choose(k + 1, Math.max(l, a), Math.min(h, b));
        }
        delete values[k][node.name];
      }
    };
    choose(0, lo, hi);
  };
  visit(
    0,
    worlds.map(() => ({})),
    1,
    0,
    1,
  );
  return num / den;
}
