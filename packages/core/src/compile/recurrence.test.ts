import { describe, expect, it } from 'vitest';
import {
  compile,
  gradientError,
  HalfNormal,
  ModelBuilder,
  Normal,
  prev,
  sampleForward,
  sqrt,
  square,
  t,
} from '../index.js';

const HALF_LOG_2PI = 0.9189385332046728;
const normalLogpdf = (x: number, mu: number, s: number) =>
  -0.5 * ((x - mu) / s) ** 2 - Math.log(s) - HALF_LOG_2PI;

/** AR(1): x[0] ~ N(0, 1/√(1−φ²)) (the stationary law), x[t] ~ N(φ x[t−1], 1). */
function ar1(phi: number, T: number) {
  const m = new ModelBuilder();
  const p = m.data('phi', {}, phi);
  m.randomRecurrence('x', {
    length: T,
    init: [Normal(0, 1 / Math.sqrt(1 - phi * phi))],
    step: Normal(p.mul(prev()), 1),
  });
  return m.build();
}

describe('recurrences', () => {
  it('a random recurrence has the log-density of its factorisation p(x0) Π p(x_t | x_{t-1})', () => {
    const model = compile(ar1(0.5, 6));
    const theta = Float64Array.from([0.3, -1.2, 0.8, 2.0, -0.4, 0.1]);
    let want = normalLogpdf(theta[0], 0, 1 / Math.sqrt(0.75));
    for (let k = 1; k < 6; k++) want += normalLogpdf(theta[k], 0.5 * theta[k - 1], 1);
    expect(model.logDensity(theta)).toBeCloseTo(want, 12);
    expect(gradientError(model, theta).maxRelError).toBeLessThan(1e-6);
  });

  it('forward sampling of AR(1) is stationary: Var x_t = 1/(1−φ²) and corr(x_t, x_{t−1}) = φ', () => {
    const n = 4000;
    const draws = sampleForward(ar1(0.5, 5), { draws: n, seed: 7 }).x;
    const last = Array.from({ length: n }, (_, d) => draws.data[d * 5 + 4]);
    const before = Array.from({ length: n }, (_, d) => draws.data[d * 5 + 3]);
    const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
    const v = mean(last.map((x) => x * x)) - mean(last) ** 2;
    // Var of a sample variance of a normal: 2σ⁴/n; here σ² = 4/3.
    expect(Math.abs(v - 4 / 3)).toBeLessThan(5 * Math.sqrt((2 * (4 / 3) ** 2) / n));
    const cov = mean(last.map((x, i) => x * before[i])) - mean(last) * mean(before);
    const rho = cov / v;
    // Standard error of a sample correlation ≈ (1 − ρ²)/√n.
    expect(Math.abs(rho - 0.5)).toBeLessThan((5 * (1 - 0.25)) / Math.sqrt(n));
  });

  it('a deterministic recurrence (GARCH volatility) equals its loop and differentiates exactly', () => {
    const y = [0.2, -0.5, 1.1, 0.3, -0.9, 0.4];
    const m = new ModelBuilder();
    const yd = m.data('y', { dims: [6] }, y);
    const a0 = m.random('a0', HalfNormal(1));
    const a1 = m.random('a1', HalfNormal(1));
    const mu = m.random('mu', Normal(0, 1));
    const s = m.recurrence('s', {
      length: 6,
      init: [0.5],
      step: sqrt(a0.add(a1.mul(square(yd.at(t().sub(1)).sub(mu)))).add(square(prev()).mul(0.3))),
    });
    m.random('y', Normal(mu, s));
    const model = compile(m.build());
    const theta = Float64Array.from([Math.log(0.4), Math.log(0.2), 0.1]);
    const v = model.constrain(theta);
    const want = [0.5];
    for (let k = 1; k < 6; k++)
      want.push(Math.sqrt(0.4 + 0.2 * (y[k - 1] - 0.1) ** 2 + 0.3 * want[k - 1] ** 2));
    want.forEach((w, k) => expect(v.s.data[k]).toBeCloseTo(w, 14));
    expect(gradientError(model, theta).maxRelError).toBeLessThan(1e-6);
  });
});

describe('observed data read before its node', () => {
  it('an autoregression may use its observed series as regressors, with data given at build()', () => {
    const m = new ModelBuilder();
    const y = m.data('y', { dims: [4] });
    const phi = m.random('phi', Normal(0, 1));
    const mu = m.let('mu', phi.mul(y.slice(0, 3)));
    m.random('y_next', Normal(mu, 1), { observed: y.slice(1, null) });
    const model = compile(m.build({ y: [0.5, -0.2, 0.1, 0.4] }));
    const lp = model.logDensity([0.3]);
    const ys = [0.5, -0.2, 0.1, 0.4];
    let want = normalLogpdf(0.3, 0, 1);
    for (let k = 1; k < 4; k++) want += normalLogpdf(ys[k], 0.3 * ys[k - 1], 1);
    expect(lp).toBeCloseTo(want, 12);
  });

  it('rejects observed data that breaks its declaration (int, bounds), naming the node', () => {
    const m = new ModelBuilder();
    m.data('k', { type: 'int', dims: [2], lower: 0 });
    m.random('k', Normal(0, 1));
    expect(() => m.build({ k: [1.5, 2] })).toThrow(/k.*int/);
    const m2 = new ModelBuilder();
    m2.data('k', { dims: [2], lower: 0 });
    m2.random('k', Normal(0, 1));
    expect(() => m2.build({ k: [-1, 2] })).toThrow(/outside its declared bounds/);
  });
});
