import { describe, expect, it } from 'vitest';
// Registers the distributions (shapes are computed when do() fixes a value).
import '../index.js';
import { Normal } from '../builder/distributions.js';
import type { Graph } from '../graph/graph.js';
import { backdoorAdjustmentSets, isValidBackdoor } from './backdoor.js';
import { doIntervention } from './do.js';
import { dSeparated } from './dseparation.js';
import { frontdoorCheck } from './frontdoor.js';
import { dagModel } from './test-helpers.js';

// Structure queries on textbook graphs and on graphs after do(): every minimal set returned is
// valid, none of its proper subsets is, and no other valid set is missed (checked by brute force
// over every subset of the admissible nodes with isValidBackdoor).

function* subsets<T>(xs: readonly T[]): Generator<T[]> {
  for (let mask = 0; mask < 1 << xs.length; mask++) yield xs.filter((_, i) => mask & (1 << i));
}

function bruteMinimal(g: Graph, x: string, y: string, candidates: readonly string[], latent: string[] = []) {
  const valid = [...subsets(candidates)].filter((s) => isValidBackdoor(g, x, y, s, { latent }));
  return valid
    .filter((s) => !valid.some((t) => t.length < s.length && t.every((n) => s.includes(n))))
    .map((s) => [...s].sort());
}

const sorted = (sets: readonly (readonly string[])[]) => sets.map((s) => [...s].sort()).sort();

// Pearl, Glymour & Jewell (2016) Fig. 3.8-like: z1 → z3 ← z2, z1 → x, z3 → x, z3 → y, z2 → y,
// x → w → y.
const pearl = () =>
  dagModel([
    ['z1', []],
    ['z2', []],
    ['z3', ['z1', 'z2']],
    ['x', ['z1', 'z3']],
    ['w', ['x']],
    ['y', ['w', 'z3', 'z2']],
  ]);

// M-bias: a → x, a → z ← b, b → y, x → y.
const mbias = () =>
  dagModel([
    ['a', []],
    ['b', []],
    ['z', ['a', 'b']],
    ['x', ['a']],
    ['y', ['x', 'b']],
  ]);

describe('minimal backdoor sets on textbook graphs', () => {
  it('Pearl Fig. 3.8-like: {z1, z3} and {z2, z3}, valid and minimal (brute force)', () => {
    const r = backdoorAdjustmentSets(pearl(), 'x', 'y');
    expect(r.exists).toBe(true);
    expect(sorted(r.sets)).toEqual([
      ['z1', 'z3'],
      ['z2', 'z3'],
    ]);
    expect(sorted(r.sets)).toEqual(sorted(bruteMinimal(pearl(), 'x', 'y', ['z1', 'z2', 'z3'])));
    // z3 alone opens the collider path x ← z1 → z3 ← z2 → y.
    expect(isValidBackdoor(pearl(), 'x', 'y', ['z3'])).toBe(false);
  });

  it('M-bias: ∅ is the only minimal set; {z} is invalid, {z, a} and {z, b} valid again', () => {
    const r = backdoorAdjustmentSets(mbias(), 'x', 'y');
    expect(r).toEqual({ exists: true, sets: [[]] });
    expect(isValidBackdoor(mbias(), 'x', 'y', ['z'])).toBe(false);
    expect(isValidBackdoor(mbias(), 'x', 'y', ['z', 'a'])).toBe(true);
    expect(isValidBackdoor(mbias(), 'x', 'y', ['z', 'b'])).toBe(true);
    expect(bruteMinimal(mbias(), 'x', 'y', ['a', 'b', 'z'])).toEqual([[]]);
  });
});

describe('structure on a Graph after do()', () => {
  it('randomising z3 (do(z3 ~ Normal)) cuts z1 → z3 ← z2: the only minimal set becomes {z3}', () => {
    const g = doIntervention(pearl(), { z3: Normal(0, 1) });
    const r = backdoorAdjustmentSets(g, 'x', 'y');
    expect(r).toEqual({ exists: true, sets: [['z3']] });
    expect(bruteMinimal(g, 'x', 'y', ['z1', 'z2', 'z3'])).toEqual([['z3']]);
    // z1 and z2 are now d-separated without conditioning (the collider z3 lost its parents).
    expect(dSeparated(g, ['z1'], ['z2'], [])).toBe(true);
    expect(dSeparated(pearl(), ['z1'], ['z2'], ['z3'])).toBe(false);
  });

  it('randomising the treatment leaves no backdoor path: ∅ is valid; the front door still holds', () => {
    const fd = () =>
      dagModel([
        ['u', []],
        ['x', ['u']],
        ['m', ['x']],
        ['y', ['m', 'u']],
      ]);
    const before = backdoorAdjustmentSets(fd(), 'x', 'y', { latent: ['u'] });
    expect(before.exists).toBe(false);
    if (!before.exists)
      expect(before.message).toBe(
        'no backdoor adjustment set exists: an unobserved confounder u opens x ← u → y',
      );
    const g = doIntervention(fd(), { x: Normal(0, 1) });
    expect(backdoorAdjustmentSets(g, 'x', 'y', { latent: ['u'] })).toEqual({ exists: true, sets: [[]] });
    const f = frontdoorCheck(g, 'x', 'y', 'm', { latent: ['u'] });
    expect(f.valid).toBe(true);
  });

  it('do(m) on the front-door graph: the effect of x on y has no backdoor set, said plainly', () => {
    const g = doIntervention(
      dagModel([
        ['u', []],
        ['x', ['u']],
        ['m', ['x']],
        ['y', ['m', 'u']],
      ]),
      { m: 1 },
    );
    const r = backdoorAdjustmentSets(g, 'x', 'y', { latent: ['u'] });
    expect(r.exists).toBe(false);
    if (!r.exists) {
      expect(r.message).toBe('no backdoor adjustment set exists: an unobserved confounder u opens x ← u → y');
      expect(r.path).toEqual(['x', 'u', 'y']);
    }
    // With m fixed, x no longer reaches y: x ⊥ y given u.
    expect(dSeparated(g, ['x'], ['y'], ['u'])).toBe(true);
  });
});
