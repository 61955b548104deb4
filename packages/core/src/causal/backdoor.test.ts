import { describe, expect, it } from 'vitest';
import { doIntervention, type Graph, HalfNormal, ModelBuilder, Normal } from '../index.js';
import { backdoorAdjustmentSets, isValidBackdoor } from './backdoor.js';
import { dagModel } from './test-helpers.js';

const confounded = () =>
  dagModel([
    ['z', []],
    ['x', ['z']],
    ['y', ['x', 'z']],
  ]);

// a → x, a → z ← b, b → y, x → y (M-bias: z is a pre-treatment collider).
const mBias = () =>
  dagModel([
    ['a', []],
    ['b', []],
    ['z', ['a', 'b']],
    ['x', ['a']],
    ['y', ['x', 'b']],
  ]);

describe('backdoor criterion', () => {
  it('x ← z → y: the only minimal set is {z}, and ∅ is not valid', () => {
    expect(backdoorAdjustmentSets(confounded(), 'x', 'y')).toEqual({ exists: true, sets: [['z']] });
    expect(isValidBackdoor(confounded(), 'x', 'y', ['z'])).toBe(true);
    expect(isValidBackdoor(confounded(), 'x', 'y', [])).toBe(false);
  });

  it('M-bias: ∅ is the minimal set; {z} opens x ← a → z ← b → y; {z, a} closes it again', () => {
    expect(backdoorAdjustmentSets(mBias(), 'x', 'y')).toEqual({ exists: true, sets: [[]] });
    expect(isValidBackdoor(mBias(), 'x', 'y', ['z'])).toBe(false);
    expect(isValidBackdoor(mBias(), 'x', 'y', ['z', 'a'])).toBe(true);
  });

  it('Pearl-style DAG: minimal sets {z1, z3} and {z2, z3}; descendants of x are never valid', () => {
    // Backdoor paths: x ← z3 → y, x ← z1 → z3 → y, x ← z3 ← z2 → y need z3; conditioning on z3
    // opens x ← z1 → z3 ← z2 → y, which z1 or z2 closes.
    const g = dagModel([
      ['z1', []],
      ['z2', []],
      ['z3', ['z1', 'z2']],
      ['x', ['z1', 'z3']],
      ['w', ['x']],
      ['y', ['z3', 'z2', 'w']],
    ]);
    expect(backdoorAdjustmentSets(g, 'x', 'y')).toEqual({
      exists: true,
      sets: [
        ['z1', 'z3'],
        ['z2', 'z3'],
      ],
    });
    expect(isValidBackdoor(g, 'x', 'y', ['z3'])).toBe(false);
    expect(isValidBackdoor(g, 'x', 'y', ['z1', 'z2', 'z3'])).toBe(true);
    expect(isValidBackdoor(g, 'x', 'y', ['z1', 'z3', 'w'])).toBe(false);
    // minimal: false lists every valid set: the two minimal ones and {z1, z2, z3}.
    const all = backdoorAdjustmentSets(g, 'x', 'y', { minimal: false });
    expect(all.sets).toEqual([
      ['z1', 'z3'],
      ['z2', 'z3'],
      ['z1', 'z2', 'z3'],
    ]);
  });

  it('an unobserved confounder leaves no set, and the message names the open path', () => {
    const g = dagModel([
      ['u', []],
      ['x', ['u']],
      ['y', ['x', 'u']],
    ]);
    const r = backdoorAdjustmentSets(g, 'x', 'y', { latent: ['u'] });
    expect(r.exists).toBe(false);
    expect(r.sets).toEqual([]);
    if (!r.exists) {
      expect(r.message).toBe('no backdoor adjustment set exists: an unobserved confounder u opens x ← u → y');
      expect(r.path).toEqual(['x', 'u', 'y']);
    }
    expect(isValidBackdoor(g, 'x', 'y', ['u'], { latent: ['u'] })).toBe(false);
  });

  it('after do(x) there is no backdoor path: ∅ is valid', () => {
    const g = doIntervention(confounded(), { x: 1 });
    expect(backdoorAdjustmentSets(g, 'x', 'y')).toEqual({ exists: true, sets: [[]] });
  });

  it('an outcome that causes the treatment cannot be adjusted away', () => {
    const g = dagModel([
      ['y', []],
      ['x', ['y']],
    ]);
    const r = backdoorAdjustmentSets(g, 'x', 'y');
    expect(r.exists).toBe(false);
    if (!r.exists)
      expect(r.message).toBe(
        'no backdoor adjustment set exists: x ← y stays open under every admissible adjustment',
      );
  });
});

describe('backdoor sets in models with global parameters', () => {
  // z ~ N(mu_z, s_z); x ~ N(a + b·z, s_x); y ~ N(c + d·x + e·z, s_y), every parameter with a prior.
  function regression(): Graph {
    const m = new ModelBuilder();
    const p = (n: string) => m.random(n, Normal(0, 1));
    const s = (n: string) => m.random(n, HalfNormal(1));
    const z = m.random('z', Normal(p('mu_z'), s('s_z')));
    const x = m.random('x', Normal(p('a').add(p('b').mul(z)), s('s_x')));
    m.random('y', Normal(p('c').add(p('d').mul(x)).add(p('e').mul(z)), s('s_y')));
    return m.build();
  }

  it('parameters read by one mechanism only are never needed: the minimal set is {z}', () => {
    expect(backdoorAdjustmentSets(regression(), 'x', 'y')).toEqual({ exists: true, sets: [['z']] });
  });

  it('a parameter read by both x and y is a common cause', () => {
    const m = new ModelBuilder();
    const s = m.random('s', HalfNormal(1));
    const x = m.random('x', Normal(0, s));
    m.random('y', Normal(x, s));
    expect(backdoorAdjustmentSets(m.build(), 'x', 'y')).toEqual({ exists: true, sets: [['s']] });
  });
});

describe('minimal backdoor sets agree with brute force', () => {
  it('on 150 random 7-node DAGs: every valid set without a valid proper subset, no more, no less', () => {
    let state = 777;
    const rand = () => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state / 2 ** 31;
    };
    const names = ['a', 'b', 'c', 'd', 'e', 'f', 'h'];
    for (let rep = 0; rep < 150; rep++) {
      const spec = names.map((n, i) => [n, names.slice(0, i).filter(() => rand() < 0.4)] as const);
      const g = dagModel(spec);
      const [x, y] = ['c', 'h'];
      const latent = rand() < 0.3 ? ['a'] : [];
      const others = names.filter((n) => n !== x && n !== y);
      const valid: string[][] = [];
      for (let mask = 0; mask < 1 << others.length; mask++) {
        const z = others.filter((_, i) => mask & (1 << i));
        if (isValidBackdoor(g, x, y, z, { latent })) valid.push(z);
      }
      const minimal = valid.filter(
        (z) => !valid.some((w) => w.length < z.length && w.every((n) => z.includes(n))),
      );
      const r = backdoorAdjustmentSets(g, x, y, { latent });
      const key = (sets: readonly (readonly string[])[]) => sets.map((z) => [...z].sort().join(',')).sort();
      expect(key(r.sets)).toEqual(key(minimal));
      expect(r.exists).toBe(minimal.length > 0);
    }
  });
});
