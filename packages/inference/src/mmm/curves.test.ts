import { describe, expect, it } from 'vitest';
import {
  adstockCurves,
  adstockWeights,
  type SaturationKind,
  saturationCurves,
  saturationSlope,
  saturationValue,
} from './curves.js';
import { handFit } from './test-fixtures.js';

describe('adstock weights', () => {
  it('geometric α = 0.5, l_max 3: 1, 1/2, 1/4 normalised to 4/7, 2/7, 1/7', () => {
    const w = adstockWeights('geometric', [0.5], 3);
    [4 / 7, 2 / 7, 1 / 7].forEach((v, l) => expect(w[l]).toBeCloseTo(v, 15));
    expect([...adstockWeights('geometric', [0.5], 3, false)]).toEqual([1, 0.5, 0.25]);
  });

  it('delayed α = 0.5, θ = 1: α^((l−θ)²) = 1/2, 1, 1/2 normalised to 1/4, 1/2, 1/4', () => {
    expect([...adstockWeights('delayed', [0.5, 1], 3)]).toEqual([0.25, 0.5, 0.25]);
  });

  it('per channel with posterior intervals', () => {
    const fit = handFit({
      alpha: {
        shape: [2],
        draws: [
          [0.5, 0],
          [0.5, 0],
        ],
      },
    });
    const curves = adstockCurves(fit, { kind: 'geometric', params: ['alpha'], lMax: 3 });
    expect(curves[0][0].mean).toBeCloseTo(4 / 7, 15);
    expect(curves[1].map((e) => e.mean)).toEqual([1, 0, 0]);
  });
});

describe('saturation curves', () => {
  it('logistic: scale · β · (1 − e^{−λx/m}) / (1 + e^{−λx/m}) per draw', () => {
    const fit = handFit({
      lam: { shape: [1], draws: [[2], [4]] },
      beta: { shape: [1], draws: [[0.5], [1]] },
    });
    const [curve] = saturationCurves(fit, {
      kind: 'logistic',
      params: ['lam'],
      effect: 'beta',
      spendScale: [2],
      scale: 10,
      grid: [0, 1],
    });
    const f = (lam: number, b: number) => (10 * b * (1 - Math.exp(-lam / 2))) / (1 + Math.exp(-lam / 2));
    expect(curve[0].y.mean).toBe(0);
    expect(curve[1].y.mean).toBeCloseTo((f(2, 0.5) + f(4, 1)) / 2, 14);
  });

  it('slopes are the derivatives of the curves (central differences, error O(h²))', () => {
    const cases: [SaturationKind, number[]][] = [
      ['logistic', [1.7]],
      ['hill', [0.8, 2.5]],
      ['michaelis_menten', [3, 0.6]],
    ];
    for (const [kind, p] of cases) {
      for (const x of [0.3, 1, 2.2]) {
        const h = 1e-5;
        const fd = (saturationValue(kind, x + h, p) - saturationValue(kind, x - h, p)) / (2 * h);
        expect(saturationSlope(kind, x, p), `${kind} at ${x}`).toBeCloseTo(fd, 8);
      }
    }
  });

  it('checks the number of curve parameters', () => {
    const fit = handFit({ lam: { shape: [1], draws: [[2]] } });
    expect(() => saturationCurves(fit, { kind: 'hill', params: ['lam'], grid: [1] })).toThrow(
      /takes 2 parameter/,
    );
  });
});
