import { describe, expect, it } from 'vitest';
import { Adam, StanStepSequence } from './step-size.js';

describe('ADVI step sizes', () => {
  it("Stan's sequence: s₁ = g², then 0.9 s + 0.1 g²; step η i^(−1/2) g / (1 + √s)", () => {
    const step = new StanStepSequence(2);
    const p = Float64Array.from([0, 0]);
    step.update(p, Float64Array.from([3, -4]), 2, 1);
    expect(p[0]).toBeCloseTo((2 * 3) / (1 + 3), 15);
    expect(p[1]).toBeCloseTo((2 * -4) / (1 + 4), 15);
    const before = Float64Array.from(p);
    step.update(p, Float64Array.from([1, 1]), 2, 4);
    const s0 = 0.9 * 9 + 0.1;
    const s1 = 0.9 * 16 + 0.1;
    expect(p[0] - before[0]).toBeCloseTo((2 / 2) * (1 / (1 + Math.sqrt(s0))), 15);
    expect(p[1] - before[1]).toBeCloseTo((2 / 2) * (1 / (1 + Math.sqrt(s1))), 15);
    step.reset();
    const q = Float64Array.from([0, 0]);
    step.update(q, Float64Array.from([3, -4]), 2, 1);
    expect(q[0]).toBeCloseTo(1.5, 15);
  });

  it('Adam: bias-corrected first step of size η·g/(|g| + ε), decayed by i^(−1/2)', () => {
    const adam = new Adam(2);
    const p = Float64Array.from([0, 0]);
    adam.update(p, Float64Array.from([0.2, -5]), 0.5, 1);
    expect(p[0]).toBeCloseTo(0.5, 6);
    expect(p[1]).toBeCloseTo(-0.5, 6);
    const constant = new Adam(1, { decay: false });
    const x = Float64Array.of(0);
    for (let i = 1; i <= 4; i++) constant.update(x, Float64Array.of(1), 0.1, i);
    expect(x[0]).toBeCloseTo(0.4, 6);
    expect(() => new Adam(1, { beta1: 1 })).toThrow(/beta1/);
  });
});
