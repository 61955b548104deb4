import { describe, expect, it } from 'vitest';
import { betaCdf, betaQuantile, logGamma, normalQuantile } from './stats-math.js';

// Reference values from SciPy (ndtri, betaincinv, betainc, gammaln).
const QNORM: [number, number][] = [
  [1e-300, -37.0470962993612],
  [1e-20, -9.262340089798409],
  [1e-10, -6.361340902404056],
  [1e-5, -4.264890793922825],
  [0.00015, -3.615300006924662],
  [0.001, -3.090232306167813],
  [0.02, -2.053748910631823],
  [0.075, -1.4395314709384563],
  [0.2, -0.8416212335729142],
  [0.3, -0.5244005127080409],
  [0.6, 0.2533471031357997],
  [0.9, 1.2815515655446004],
  [0.93, 1.475791028179171],
  [0.999, 3.090232306167813],
  [0.999999999, 5.997807019601637],
];
const QBETA: [number, number, number, number][] = [
  [0.1586553, 190.5, 3600.4, 0.04670637501012501],
  [0.8413447, 190.5, 3600.4, 0.05379750384842217],
  [0.1586553, 3.5, 48.2, 0.03421172178836534],
  [0.8413447, 48.2, 3.5, 0.9657882782116347],
  [0.5, 1, 1, 0.5],
  [0.3, 0.5, 0.5, 0.2061073738537634],
  [0.1586553, 543.2, 10318.7, 0.04791883337603814],
  [0.8413447, 2.1, 1.3, 0.869738852639478],
];
const PBETA: [number, number, number, number][] = [
  [0.05, 190.5, 3600.4, 0.48053775345050254],
  [0.3, 2, 5, 0.5798250000000003],
  [0.9, 0.5, 0.5, 0.7951672353008665],
  [0.01, 3.5, 48.2, 0.005071535824632486],
];
const LGAMMA: [number, number][] = [
  [0.1, 2.252712651734206],
  [0.5, 0.5723649429247],
  [1.5, -0.12078223763524526],
  [3.7, 1.428072326665388],
  [10, 12.801827480081469],
  [123.4, 469.3360974421906],
  [4001.5, 29185.41166315693],
];

const relErr = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('normalQuantile', () => {
  it.each(QNORM)('inverts the normal CDF at p = %s', (p, z) => {
    expect(relErr(normalQuantile(p), z)).toBeLessThan(1e-14);
  });

  it('is exactly zero at the median and infinite at the ends', () => {
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
    expect(normalQuantile(1.5)).toBeNaN();
  });
});

describe('logGamma', () => {
  it.each(LGAMMA)('matches log Γ(%s)', (x, v) => {
    expect(relErr(logGamma(x), v)).toBeLessThan(1e-13);
  });

  it('is zero at 1 and 2', () => {
    expect(Math.abs(logGamma(1))).toBeLessThan(1e-15);
    expect(Math.abs(logGamma(2))).toBeLessThan(1e-15);
  });
});

describe('betaCdf', () => {
  it.each(PBETA)('matches I_%s(%s, %s)', (x, a, b, v) => {
    expect(relErr(betaCdf(x, a, b), v)).toBeLessThan(1e-12);
  });
});

describe('betaQuantile', () => {
  it.each(QBETA)('inverts the Beta CDF at p = %s for shapes (%s, %s)', (p, a, b, x) => {
    expect(relErr(betaQuantile(p, a, b), x)).toBeLessThan(1e-12);
  });

  it('returns the support ends for p = 0 and p = 1', () => {
    expect(betaQuantile(0, 2, 3)).toBe(0);
    expect(betaQuantile(1, 2, 3)).toBe(1);
  });
});
