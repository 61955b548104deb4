import { beforeAll, describe, expect, it } from 'vitest';
import type { Graph } from '../../graph/graph.js';
import {
  adstockGeometric,
  Beta,
  cumsum,
  Exponential,
  Gamma,
  HalfCauchy,
  HalfNormal,
  ModelBuilder,
  Normal,
  prev,
  StudentT,
  saturationLogistic,
  sqrt,
  square,
  sum,
  t,
} from '../../index.js';
import { compile } from '../compile.js';
import { initTfjs, loadedTf } from './backend.js';
import { compileTfjs } from './compile.js';
import { BATCH_TOLERANCE, batchDiscrepancy, compareBackends, pointsNear, TOLERANCE } from './test-helpers.js';

/** Whole models: the tfjs backend against the js backend, and batched against one by one (B = 7). */

function eightSchools(): Graph {
  const m = new ModelBuilder();
  m.data('J', { type: 'int' });
  m.data('y', { dims: ['J'] });
  const sigma = m.data('sigma', { dims: ['J'], lower: 0 });
  const mu = m.random('mu', Normal(0, 5));
  const tau = m.random('tau', HalfCauchy(5));
  const z = m.random('z', Normal(0, 1), { dims: ['J'] });
  const theta = m.let('theta', mu.add(tau.mul(z)));
  m.random('y', Normal(theta, sigma));
  return m.build({ J: 8, y: [28, 8, -3, 7, -1, 1, 18, 12], sigma: [15, 10, 16, 11, 9, 11, 10, 18] });
}

function hierarchical(): Graph {
  const N = 24;
  const G = 5;
  const g = Array.from({ length: N }, (_, i) => (i * 7) % G);
  const x = Array.from({ length: N }, (_, i) => Math.sin(i) * 2);
  const y = x.map((v, i) => 0.5 * v + g[i] * 0.3 + Math.cos(3 * i));
  const m = new ModelBuilder();
  const gd = m.data('g', { type: 'int', dims: [N] }, g);
  const xd = m.data('x', { dims: [N] }, x);
  m.data('y', { dims: [N] }, y);
  const muA = m.random('mu_a', Normal(0, 10));
  const sigmaA = m.random('sigma_a', HalfNormal(5));
  const aRaw = m.random('a_raw', Normal(0, 1), { dims: [G] });
  const b = m.random('b', Normal(0, 10));
  const sigmaY = m.random('sigma_y', HalfNormal(5));
  const a = m.let('a', muA.add(sigmaA.mul(aRaw)));
  m.random('y', StudentT(4, a.at(gd).add(b.mul(xd)), sigmaY));
  return m.build();
}

function marketingMix(): Graph {
  const T = 20;
  const C = 3;
  const spend = Array.from({ length: T }, (_, i) =>
    Array.from({ length: C }, (_, c) => Math.abs(Math.sin(i + 2 * c))),
  );
  const y = Array.from({ length: T }, (_, i) => 0.5 + 0.1 * Math.cos(i));
  const tt = Array.from({ length: T }, (_, i) => (i + 1) / T);
  const m = new ModelBuilder();
  const X = m.data('xs', { dims: [T, C], lower: 0 }, spend);
  const trendX = m.data('tt', { dims: [T] }, tt);
  m.data('y', { dims: [T] }, y);
  const alpha = m.random('alpha', Beta(1, 3), { dims: [C] });
  const lam = m.random('lam', Gamma(3, 1), { dims: [C] });
  const beta = m.random('beta', HalfNormal(2), { dims: [C] });
  const intercept = m.random('intercept', Normal(0, 2));
  const trend = m.random('trend', Normal(0, 1));
  const sigma = m.random('sigma', HalfNormal(1));
  const media = saturationLogistic(adstockGeometric(X, alpha, 4), lam);
  const mu = m.let('mu', intercept.add(trend.mul(trendX)).add(media.matmul(beta)));
  m.random('y', Normal(mu, sigma));
  return m.build();
}

/** GARCH volatility: a deterministic recurrence reading data at t − 1. */
function garch(): Graph {
  const y = [0.2, -0.5, 1.1, 0.3, -0.9, 0.4, 0.7, -0.2];
  const m = new ModelBuilder();
  const yd = m.data('ylag', { dims: [8] }, y);
  m.data('y', { dims: [8] }, y);
  const a0 = m.random('a0', HalfNormal(1));
  const a1 = m.random('a1', HalfNormal(1));
  const mu = m.random('mu', Normal(0, 1));
  const s = m.recurrence('s', {
    length: 8,
    init: [0.5],
    step: sqrt(a0.add(a1.mul(square(yd.at(t().sub(1)).sub(mu)))).add(square(prev()).mul(0.3))),
  });
  m.random('y', Normal(mu, s));
  return m.build();
}

/** A latent AR(2) random recurrence and a deterministic recurrence with two lags and t. */
function recurrences(): Graph {
  const m = new ModelBuilder();
  const phi = m.random('phi', Normal(0.4, 0.2));
  const w = m.randomRecurrence('w', { length: 6, init: [Normal(0, 1)], step: Normal(phi.mul(prev()), 0.5) });
  const f = m.recurrence('f', {
    length: 6,
    init: [w.at(0), 0.1],
    step: prev(1).mul(0.5).add(prev(2).mul(phi)).add(w.at(t()).mul(0.1)).add(t().mul(0.01)),
  });
  m.data('obs', { dims: [6] }, [0.3, -0.1, 0.4, 0.2, 0.0, -0.3]);
  m.random('obs', Normal(f, 1));
  return m.build();
}

/** Constrained latents: ordered, positive_ordered, simplex, bounds that read another node, a factor. */
function constraints(): Graph {
  const m = new ModelBuilder();
  const a = m.random('a', Normal(0, 1));
  m.random('b', Normal(0, 3), { constraint: { lower: a, upper: a.add(2) } });
  const o = m.random('o', Normal(0, 2), { dims: [4], constraint: 'ordered' });
  const po = m.random('po', Exponential(1), { dims: [3], constraint: 'positive_ordered' });
  const s = m.random('s', Normal(0.3, 1), { dims: [3], constraint: 'simplex' });
  m.factor(
    'f',
    sum(cumsum(o))
      .mul(0.1)
      .add(sum(po.mul(s))),
  );
  return m.build();
}

const models: [string, () => Graph][] = [
  ['eight schools (non-centred)', eightSchools],
  ['hierarchical regression with group indexing', hierarchical],
  ['marketing mix (adstock, saturation, matmul)', marketingMix],
  ['GARCH volatility (deterministic recurrence)', garch],
  ['AR(2) random recurrence + two-lag deterministic recurrence', recurrences],
  ['constrained latents and a factor', constraints],
];

beforeAll(async () => {
  await initTfjs();
});

describe('models: tfjs agrees with the js backend', () => {
  it.each(models)('%s', (_name, make) => {
    const graph = make();
    const js = compile(graph);
    const base = Float64Array.from({ length: js.dim }, (_, i) => 0.3 * Math.sin(1.7 * i + 0.4));
    const points = pointsNear(base, 7, 0.4, 5);
    const { value, gradient, tf } = compareBackends(graph, points.slice(0, 3));
    const batch = batchDiscrepancy(tf, points);
    console.log(
      `${_name}: value ${value.toExponential(2)}, gradient ${gradient.toExponential(2)}, batch ${batch.toExponential(2)}`,
    );
    expect(value).toBeLessThan(TOLERANCE);
    expect(gradient).toBeLessThan(TOLERANCE);
    expect(batch).toBeLessThan(BATCH_TOLERANCE);
    expect(tf.layout).toEqual(js.layout);

    // constrain (one and batched) and unconstrain agree with the js backend.
    const cj = js.constrain(points[1]);
    const ct = tf.constrain(points[1]);
    expect(Object.keys(ct).sort()).toEqual(Object.keys(cj).sort());
    for (const [k, v] of Object.entries(cj)) {
      expect(ct[k].shape).toEqual(v.shape);
      v.data.forEach((x, i) =>
        expect(Math.abs(ct[k].data[i] - x)).toBeLessThan(1e-4 * Math.max(1, Math.abs(x))),
      );
    }
    const thetas = new Float64Array(3 * js.dim);
    for (let b = 0; b < 3; b++) thetas.set(points[b], b * js.dim);
    const cb = tf.constrainBatch(thetas, 3);
    for (const [k, v] of Object.entries(cj)) expect(cb[k].shape).toEqual([3, ...v.shape]);
    const u = tf.unconstrain(Object.fromEntries(js.layout.map((p) => [p.name, cj[p.name]])));
    const uj = js.unconstrain(Object.fromEntries(js.layout.map((p) => [p.name, cj[p.name]])));
    uj.forEach((x, i) => expect(Math.abs(u[i] - x)).toBeLessThan(1e-3 * Math.max(1, Math.abs(x))));
    tf.dispose();
  });
});

describe('the tfjs model', () => {
  it('reports its backend and lists its program', () => {
    const tf = compileTfjs(eightSchools());
    expect(tf.backend).toBe('tfjs');
    expect(['wasm', 'cpu', 'tensorflow']).toContain(tf.tfBackend);
    expect(tf.source).toMatch(/normal_lpdf/);
    tf.dispose();
  });

  it('hoists data-only work out of the per-call program', () => {
    const tf = compileTfjs(marketingMix());
    // The adstock of the data depends on alpha, but the trend's data is a constant.
    expect(tf.source).toMatch(/adstock_geometric/);
    tf.dispose();
  });

  it('keeps no tensors from a call, and frees its own on dispose', () => {
    const tfjs = loadedTf();
    const before = tfjs.memory().numTensors;
    const tf = compileTfjs(marketingMix());
    const B = 5;
    const thetas = Float64Array.from({ length: B * tf.dim }, (_, i) => 0.2 * Math.sin(i));
    const grad = new Float64Array(B * tf.dim);
    tf.logDensityAndGradientBatch(thetas, B, grad);
    const kept = tfjs.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      tf.logDensityAndGradientBatch(thetas, B, grad);
      tf.logDensityBatch(thetas, B);
      tf.constrainBatch(thetas, B);
    }
    expect(tfjs.memory().numTensors).toBe(kept);
    tf.dispose();
    expect(tfjs.memory().numTensors).toBe(before);
  });

  it('rejects a wrongly sized batch and a disposed model', () => {
    const tf = compileTfjs(eightSchools());
    expect(() => tf.logDensityBatch(new Float64Array(15), 2)).toThrow(/expected 2 parameter vectors/);
    tf.dispose();
    expect(() => tf.logDensityBatch(new Float64Array(10), 1)).toThrow(/disposed/);
  });

  it('reads an observed node before its own line, as the js backend does', () => {
    const y = [0.2, -0.5, 1.1, 0.3];
    const m = new ModelBuilder();
    const yd = m.data('y', { dims: [4] }, y);
    const mu = m.random('mu', Normal(0, 1));
    const s = m.recurrence('s', {
      length: 4,
      init: [0.5],
      step: sqrt(square(yd.at(t().sub(1)).sub(mu)).add(0.1)),
    });
    m.random('y', Normal(mu, s));
    const graph = m.build();
    const { value, gradient, tf } = compareBackends(graph, [Float64Array.of(0.3)]);
    expect(value).toBeLessThan(TOLERANCE);
    expect(gradient).toBeLessThan(TOLERANCE);
    tf.dispose();
  });

  it('names the node whose log-density is NaN', () => {
    const m = new ModelBuilder();
    const x = m.random('x', Normal(0, 1));
    m.data('y', {}, 1);
    m.random('y', Normal(0, x));
    const tf = compileTfjs(m.build());
    expect(() => tf.logDensity(Float64Array.of(-1))).toThrow(/'y'|NaN/);
    tf.dispose();
  });
});
