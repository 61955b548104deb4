import { describe, expect, it } from 'vitest';
import { doIntervention } from '../index.js';
import { backdoorAdjustmentSets, isValidBackdoor } from './backdoor.js';
import { dSeparated } from './dseparation.js';
import { frontdoorCheck } from './frontdoor.js';
import { dagModel } from './test-helpers.js';

// Structure queries on textbook graphs not covered by the other tests, each answer derived by
// hand from the paths of the graph (listed in each test).

describe('the bow-tie (butterfly) graph: M-bias with the collider also a confounder', () => {
  // a → z ← b, a → x, b → y, z → x, z → y, x → y.
  const g = () =>
    dagModel([
      ['a', []],
      ['b', []],
      ['z', ['a', 'b']],
      ['x', ['a', 'z']],
      ['y', ['x', 'b', 'z']],
    ]);

  it('z must be adjusted for, but doing so opens x ← a → z ← b → y: minimal sets {a, z} and {b, z}', () => {
    // Backdoor paths: x ← z → y (needs z); x ← a → z → y (z or a); x ← z ← b → y (z or b);
    // x ← a → z ← b → y (collider z: closed unless z is in the set, then a or b closes it).
    expect(backdoorAdjustmentSets(g(), 'x', 'y')).toEqual({
      exists: true,
      sets: [
        ['a', 'z'],
        ['b', 'z'],
      ],
    });
    expect(isValidBackdoor(g(), 'x', 'y', [])).toBe(false);
    expect(isValidBackdoor(g(), 'x', 'y', ['z'])).toBe(false);
    expect(isValidBackdoor(g(), 'x', 'y', ['a', 'b'])).toBe(false);
    expect(isValidBackdoor(g(), 'x', 'y', ['a', 'b', 'z'])).toBe(true);
  });

  it('a ⊥ b, but not given z, nor given x (a descendant of the collider z)', () => {
    expect(dSeparated(g(), 'a', 'b')).toBe(true);
    expect(dSeparated(g(), 'a', 'b', ['z'])).toBe(false);
    expect(dSeparated(g(), 'a', 'b', ['x'])).toBe(false);
    // a and y: a → x → y and a → z → y are open; {x, z} blocks both but opens a → z ← b → y.
    expect(dSeparated(g(), 'a', 'y', ['x', 'z'])).toBe(false);
    expect(dSeparated(g(), 'a', 'y', ['x', 'z', 'b'])).toBe(true);
  });
});

describe('the napkin graph: identifiable, but by neither the backdoor nor the front door', () => {
  // w1 → w2 → x → y, with latent u1 → w1, u1 → x and u2 → w1, u2 → y.
  const g = () =>
    dagModel([
      ['u1', []],
      ['u2', []],
      ['w1', ['u1', 'u2']],
      ['w2', ['w1']],
      ['x', ['w2', 'u1']],
      ['y', ['x', 'u2']],
    ]);
  const latent = { latent: ['u1', 'u2'] };

  it('no backdoor set: every admissible set leaves a path open', () => {
    // x ← w2 ← w1 ← u2 → y is open under ∅; blocking it needs w1 or w2, and each of those is
    // (a descendant of) the collider of x ← u1 → w1 ← u2 → y, which it opens.
    const r = backdoorAdjustmentSets(g(), 'x', 'y', latent);
    expect(r.exists).toBe(false);
    if (!r.exists)
      expect(r.message).toMatch(/^no backdoor adjustment set exists: the unobserved u1, u2 open /);
    for (const z of [[], ['w1'], ['w2'], ['w1', 'w2']])
      expect(isValidBackdoor(g(), 'x', 'y', z, latent)).toBe(false);
  });

  it('the front door has no mediator to use: x → y directly breaks condition 1 for any w', () => {
    const r = frontdoorCheck(g(), 'x', 'y', 'w2', latent);
    expect(r.valid).toBe(false);
    expect(r.conditions[0].holds).toBe(false);
  });

  it('d-separation: w2 and y are connected given {x, w1}; after do(x), w1 separates them', () => {
    // w2 → x ← u1 → w1 ← u2 → y: x and w1 are colliders, both conditioned, so the path is open.
    expect(dSeparated(g(), 'w2', 'y', ['x', 'w1'], latent)).toBe(false);
    const cut = doIntervention(g(), { x: 0 });
    // With x's incoming edges cut, w2's only route to y is w2 ← w1 ← u2 → y.
    expect(dSeparated(cut, 'w2', 'y', [], latent)).toBe(false);
    expect(dSeparated(cut, 'w2', 'y', ['w1'], latent)).toBe(true);
  });
});

describe('front door through two parallel mediators', () => {
  // u → x, u → y (u latent); x → m1 → y and x → m2 → y.
  const g = () =>
    dagModel([
      ['u', []],
      ['x', ['u']],
      ['m1', ['x']],
      ['m2', ['x']],
      ['y', ['m1', 'm2', 'u']],
    ]);

  it('{m1, m2} satisfies the criterion; {m1} alone leaves x → m2 → y unintercepted', () => {
    const both = frontdoorCheck(g(), 'x', 'y', ['m1', 'm2'], { latent: ['u'] });
    expect(both.valid).toBe(true);
    expect(both.message).toBe('the front-door criterion holds for x → {m1, m2} → y');
    const one = frontdoorCheck(g(), 'x', 'y', 'm1', { latent: ['u'] });
    expect(one.valid).toBe(false);
    expect(one.conditions.map((c) => c.holds)).toEqual([false, true, true]);
  });
});
