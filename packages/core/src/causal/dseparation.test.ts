import { describe, expect, it } from 'vitest';
import { DoplError, doIntervention } from '../index.js';
import { dSeparated } from './dseparation.js';
import { dagModel } from './test-helpers.js';

describe('dSeparated on the classic three-node DAGs', () => {
  it('chain a → b → c: a and c are dependent, and independent given b', () => {
    const g = dagModel([
      ['a', []],
      ['b', ['a']],
      ['c', ['b']],
    ]);
    expect(dSeparated(g, 'a', 'c')).toBe(false);
    expect(dSeparated(g, 'a', 'c', ['b'])).toBe(true);
  });

  it('fork a ← b → c: a and c are dependent, and independent given b', () => {
    const g = dagModel([
      ['b', []],
      ['a', ['b']],
      ['c', ['b']],
    ]);
    expect(dSeparated(g, 'a', 'c')).toBe(false);
    expect(dSeparated(g, 'a', 'c', 'b')).toBe(true);
  });

  it('collider a → b ← c: a and c are independent, and dependent given b or a descendant of b', () => {
    const g = dagModel([
      ['a', []],
      ['c', []],
      ['b', ['a', 'c']],
      ['d', ['b']],
    ]);
    expect(dSeparated(g, 'a', 'c')).toBe(true);
    expect(dSeparated(g, 'a', 'c', ['b'])).toBe(false);
    expect(dSeparated(g, 'a', 'c', ['d'])).toBe(false);
  });
});

describe('dSeparated on larger DAGs', () => {
  it('M-bias a → x, a → z ← b, b → y: z is a collider between a and b', () => {
    const g = dagModel([
      ['a', []],
      ['b', []],
      ['x', ['a']],
      ['z', ['a', 'b']],
      ['y', ['b', 'x']],
    ]);
    expect(dSeparated(g, 'a', 'b')).toBe(true);
    expect(dSeparated(g, 'a', 'b', 'z')).toBe(false);
    // x reaches b only through colliders: x ← a → z ← b and x → y ← b. Conditioning on z opens the
    // first; adding a blocks it again.
    expect(dSeparated(g, 'x', 'b')).toBe(true);
    expect(dSeparated(g, 'x', 'b', 'z')).toBe(false);
    expect(dSeparated(g, 'x', 'b', ['z', 'a'])).toBe(true);
  });

  // Pearl (1995), "Causal diagrams for empirical research", Fig. 1-style:
  // z1 → z3 ← z2, z1 → x, z3 → x, z3 → y, z2 → y, x → w → y.
  const pearl = () =>
    dagModel([
      ['z1', []],
      ['z2', []],
      ['z3', ['z1', 'z2']],
      ['x', ['z1', 'z3']],
      ['w', ['x']],
      ['y', ['z3', 'z2', 'w']],
    ]);

  it('Pearl-style DAG: z1 ⊥ z2, but not given the collider z3', () => {
    expect(dSeparated(pearl(), 'z1', 'z2')).toBe(true);
    expect(dSeparated(pearl(), 'z1', 'z2', 'z3')).toBe(false);
  });

  it('Pearl-style DAG: {w, z1, z3} separates x from y, {w, z3} does not (x ← z1 → z3 ← z2 → y opens)', () => {
    expect(dSeparated(pearl(), 'x', 'y', ['w', 'z1', 'z3'])).toBe(true);
    expect(dSeparated(pearl(), 'x', 'y', ['w', 'z3'])).toBe(false);
  });

  it('Pearl-style DAG: z1 ⊥ y | {x, z2, z3}; w ⊥ {z1, z2, z3} | x', () => {
    // z1 → x → w → y is blocked at x; z1 → z3 → y at z3; z1 → z3 ← z2 → y is open at the collider
    // z3 but blocked at z2; z1 → x ← z3 → y is open at x but blocked at z3.
    expect(dSeparated(pearl(), 'z1', 'y', ['x', 'z2', 'z3'])).toBe(true);
    expect(dSeparated(pearl(), 'w', ['z1', 'z2', 'z3'], 'x')).toBe(true);
  });
});

describe('dSeparated after do()', () => {
  const confounded = () =>
    dagModel([
      ['z', []],
      ['x', ['z']],
      ['y', ['x', 'z']],
    ]);

  it('do(x) cuts z → x: x becomes independent of its former parent z', () => {
    expect(dSeparated(confounded(), 'x', 'z')).toBe(false);
    expect(dSeparated(doIntervention(confounded(), { x: 1 }), 'x', 'z')).toBe(true);
  });

  it('do(x) keeps the edges out of x: x and y stay dependent', () => {
    expect(dSeparated(doIntervention(confounded(), { x: 1 }), 'x', 'y')).toBe(false);
  });
});

describe('dSeparated agrees with the moralised-ancestral-graph criterion (Lauritzen et al. 1990)', () => {
  /** x ⊥ y | z iff z separates x and y in the moral graph of An(x ∪ y ∪ z). */
  function moralSeparated(parents: Map<string, string[]>, x: string, y: string, z: Set<string>): boolean {
    const keep = new Set([x, y, ...z]);
    const stack = [...keep];
    while (stack.length)
      for (const p of parents.get(stack.pop()!)!) if (!keep.has(p)) keep.add(p) && stack.push(p);
    const adj = new Map<string, Set<string>>([...keep].map((n) => [n, new Set<string>()]));
    const link = (a: string, b: string) => {
      adj.get(a)!.add(b);
      adj.get(b)!.add(a);
    };
    for (const c of keep) {
      const ps = parents.get(c)!;
      for (const p of ps) link(p, c);
      for (const p of ps) for (const q of ps) if (p !== q) link(p, q);
    }
    const seen = new Set([x]);
    const queue = [x];
    while (queue.length) {
      for (const n of adj.get(queue.pop()!)!) {
        if (n === y) return false;
        if (!z.has(n) && !seen.has(n)) seen.add(n) && queue.push(n);
      }
    }
    return true;
  }

  it('on 40 random 7-node DAGs, for every pair and 3 random conditioning sets', () => {
    let state = 12345;
    const rand = () => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state / 2 ** 31;
    };
    const names = ['a', 'b', 'c', 'd', 'e', 'f', 'h'];
    let checked = 0;
    for (let rep = 0; rep < 40; rep++) {
      const parents = new Map<string, string[]>();
      names.forEach((n, i) =>
        parents.set(
          n,
          names.slice(0, i).filter(() => rand() < 0.35),
        ),
      );
      const g = dagModel(names.map((n) => [n, parents.get(n)!] as const));
      for (const x of names) {
        for (const y of names) {
          if (x >= y) continue;
          for (let k = 0; k < 3; k++) {
            const z = names.filter((n) => n !== x && n !== y && rand() < 0.3);
            expect(dSeparated(g, x, y, z)).toBe(moralSeparated(parents, x, y, new Set(z)));
            checked++;
          }
        }
      }
    }
    expect(checked).toBe(40 * 21 * 3);
  });
});

describe('dSeparated input checks', () => {
  const g = dagModel([
    ['u', []],
    ['x', ['u']],
    ['y', ['u']],
  ]);

  it('refuses to condition on a latent node', () => {
    expect(() => dSeparated(g, 'x', 'y', ['u'], { latent: ['u'] })).toThrow(
      "dSeparated: cannot condition on 'u', which is latent (unobserved)",
    );
  });

  it('refuses overlapping sets and unknown names', () => {
    expect(() => dSeparated(g, 'x', 'y', ['x'])).toThrow(DoplError);
    expect(() => dSeparated(g, 'x', 'nope')).toThrow("dSeparated: y 'nope' is not a node of the model");
  });
});
