import { beforeAll, describe, expect, it } from 'vitest';
import {
  compile,
  gradientError,
  HalfNormal,
  initTfjs,
  ModelBuilder,
  Normal,
  prev,
  sum,
  t,
} from '../../index.js';
import { compareBackends } from '../tfjs/test-helpers.js';

// A value that depends on the parameters only through an argument that carries no gradient (an
// integer index computed from a parameter, a comparison) must still be computed on every call.
// The js backend once took such a value for data and computed it once, when the model was built.

const HALF_LOG_2PI = 0.9189385332046728;
const normalLogpdf = (x: number, mu: number, s: number) =>
  -0.5 * ((x - mu) / s) ** 2 - Math.log(s) - HALF_LOG_2PI;

beforeAll(async () => {
  await initTfjs();
});

describe('values that depend on the parameters only through an index', () => {
  it('a scalar index computed from a parameter selects a data entry per call', () => {
    const m = new ModelBuilder();
    const c = m.data('c', { dims: [2] });
    const mu = m.random('mu', Normal(0, 1));
    const k = m.let('k', mu.gt(0));
    m.random('y', Normal(c.at(k), 1), { observed: 0.5 });
    const model = compile(m.build({ c: [-3, 3] }));
    // mu > 0 selects c[1] = 3, mu ≤ 0 selects c[0] = −3.
    for (const mu0 of [1.2, -0.7]) {
      const loc = mu0 > 0 ? 3 : -3;
      const want = normalLogpdf(mu0, 0, 1) + normalLogpdf(0.5, loc, 1);
      expect(model.logDensity([mu0])).toBeCloseTo(want, 12);
      const g = new Float64Array(1);
      expect(model.logDensityAndGradient([mu0], g)).toBeCloseTo(want, 12);
      // The index is piecewise constant: only the prior moves with mu.
      expect(g[0]).toBeCloseTo(-mu0, 12);
      expect(model.constrain([mu0]).k.data[0]).toBe(mu0 > 0 ? 1 : 0);
    }
  });

  it('a vector of indices computed from parameters gathers per element, as the tfjs backend does', () => {
    const m = new ModelBuilder();
    const c = m.data('c', { dims: [2] });
    const z = m.random('z', Normal(0, 1), { dims: [3] });
    const s = m.random('s', HalfNormal(1));
    const k = m.let('k', z.gt(0));
    m.random('y', Normal(c.at(k).add(z), s), { observed: [0.4, -1.1, 2.0] });
    const g = m.build({ c: [-2, 5] });
    const model = compile(g);
    const theta = Float64Array.from([0.8, -0.3, 1.5, Math.log(1.4)]);
    const ys = [0.4, -1.1, 2.0];
    let want = Math.log(1.4) + Math.log(2) + normalLogpdf(1.4, 0, 1); // HalfNormal + log-Jacobian
    theta.slice(0, 3).forEach((zi, i) => {
      want += normalLogpdf(zi, 0, 1) + normalLogpdf(ys[i], (zi > 0 ? 5 : -2) + zi, 1.4);
    });
    expect(model.logDensity(theta)).toBeCloseTo(want, 11);
    expect(gradientError(model, theta).maxRelError).toBeLessThan(1e-6);
    // float32 against float64: see tfjs/test-helpers.ts for the tolerance.
    const agree = compareBackends(g, [theta, Float64Array.from([-0.5, 0.2, -1.0, 0.1])]);
    agree.tf.dispose();
    expect(agree.value).toBeLessThan(1e-4);
    expect(agree.gradient).toBeLessThan(1e-4);
  });

  it('a recurrence driven by a parameter only through an index runs per call', () => {
    const m = new ModelBuilder();
    const c = m.data('c', { dims: [2] });
    const mu = m.random('mu', Normal(0, 1));
    const k = m.let('k', mu.gt(0));
    const step = c.at(k);
    const s = m.recurrence('s', { length: 4, init: [1], step: prev().mul(0.5).add(step) });
    m.random('y', Normal(sum(s), 1), { observed: 3 });
    const model = compile(m.build({ c: [-1, 2] }));
    for (const mu0 of [0.6, -0.6]) {
      const inc = mu0 > 0 ? 2 : -1;
      const rows = [1];
      for (let j = 1; j < 4; j++) rows.push(0.5 * rows[j - 1] + inc);
      expect(Array.from(model.constrain([mu0]).s.data)).toEqual(rows);
      const total = rows.reduce((a, b) => a + b, 0);
      expect(model.logDensity([mu0])).toBeCloseTo(normalLogpdf(mu0, 0, 1) + normalLogpdf(3, total, 1), 12);
    }
  });

  it('a recurrence of data alone is computed once, when the model is built', () => {
    const y = [0.3, -1.2, 0.7, 2.1, -0.4];
    const m = new ModelBuilder();
    const yd = m.data('y', { dims: [5] });
    const ema = m.recurrence('ema', {
      length: 5,
      init: [0],
      step: prev()
        .mul(0.8)
        .add(yd.at(t().sub(1))),
    });
    const b = m.random('b', Normal(0, 1));
    m.random('obs', Normal(ema.mul(b), 1), { observed: [0.1, 0.2, 0.3, 0.4, 0.5] });
    const model = compile(m.build({ y }));
    const rows = [0];
    for (let j = 1; j < 5; j++) rows.push(0.8 * rows[j - 1] + y[j - 1]);
    expect(Array.from(model.constrain([0.7]).ema.data)).toEqual(rows);
    let want = normalLogpdf(0.7, 0, 1);
    rows.forEach((r, i) => {
      want += normalLogpdf(0.1 * (i + 1), 0.7 * r, 1);
    });
    expect(model.logDensity([0.7])).toBeCloseTo(want, 12);
    expect(gradientError(model, [0.7]).maxRelError).toBeLessThan(1e-6);
    // The loop over t sits with the data-only work, not in the per-call functions.
    const perCall = model.source.slice(model.source.indexOf('function logDensity('));
    expect(model.source).toMatch(/for \(let t\d+ = 1; t\d+ < 5;/);
    expect(perCall).not.toMatch(/for \(let t\d+/);
  });
});
