import { describe, expect, it } from 'vitest';
import { backdoorAdjustmentSets } from './backdoor.js';
import { frontdoorCheck } from './frontdoor.js';
import { dagModel } from './test-helpers.js';

describe('front-door criterion', () => {
  // u → x → m → y, u → y, with u unobserved.
  const frontdoor = () =>
    dagModel([
      ['u', []],
      ['x', ['u']],
      ['m', ['x']],
      ['y', ['m', 'u']],
    ]);

  it('x → m → y with a latent u → x, u → y passes all three conditions (and the backdoor fails)', () => {
    const r = frontdoorCheck(frontdoor(), 'x', 'y', 'm', { latent: ['u'] });
    expect(r.valid).toBe(true);
    expect(r.conditions.map((c) => c.holds)).toEqual([true, true, true]);
    expect(r.message).toBe('the front-door criterion holds for x → {m} → y');
    expect(backdoorAdjustmentSets(frontdoor(), 'x', 'y', { latent: ['u'] }).exists).toBe(false);
  });

  it('a direct edge x → y breaks condition 1', () => {
    const g = dagModel([
      ['u', []],
      ['x', ['u']],
      ['m', ['x']],
      ['y', ['m', 'u', 'x']],
    ]);
    const r = frontdoorCheck(g, 'x', 'y', 'm', { latent: ['u'] });
    expect(r.valid).toBe(false);
    expect(r.conditions[0]).toMatchObject({ holds: false, detail: 'the directed path x → y avoids {m}' });
    expect(r.conditions[1].holds).toBe(true);
  });

  it('a confounder of x and m breaks condition 2 (and 3: m ← u → y is not blocked by x)', () => {
    const g = dagModel([
      ['u', []],
      ['x', ['u']],
      ['m', ['x', 'u']],
      ['y', ['m', 'u']],
    ]);
    const r = frontdoorCheck(g, 'x', 'y', 'm', { latent: ['u'] });
    expect(r.conditions[1]).toMatchObject({ holds: false, detail: 'x ← u → m is open' });
    expect(r.conditions[2]).toMatchObject({ holds: false, detail: 'm ← u → y stays open given x' });
    expect(r.message).toContain('the front-door criterion fails: (2) x ← u → m is open');
  });

  it('a latent mediator is not a front door', () => {
    const r = frontdoorCheck(frontdoor(), 'x', 'y', 'm', { latent: ['u', 'm'] });
    expect(r.valid).toBe(false);
    expect(r.message).toContain("'m' is latent");
  });
});
