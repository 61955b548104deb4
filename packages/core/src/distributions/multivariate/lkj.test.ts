// LKJCholeskyCorr and the canonical-partial-correlation transform: round trips, the exact density
// on the unconstrained scale (normalising constant and Jacobian included), the sampler, and
// values off the support.
import { describe, expect, test } from 'vitest';
import { compile } from '../../compile/compile.js';
import { constant, ref } from '../../graph/expr.js';
import { Graph } from '../../graph/graph.js';
import type { Node } from '../../graph/node.js';
import { Rng } from '../../random/index.js';
import { betaMoments, expectMoments } from '../../random/testing.js';
import { lgamma } from '../../special/index.js';
import { scalar, tensor } from '../../tensor/index.js';
import { getDistribution } from '../distribution.js';
import '../index.js';
import { isCholeskyCorr } from './cholesky-corr.js';
import { lkjLogNormalizer, sampleLkjCholesky } from './lkj.js';

const lkjNode = (K: number, eta: number, batch: number[] = []): Node => ({
  kind: 'random',
  name: 'L',
  dist: { name: 'LKJCholeskyCorr', args: { eta: constant(scalar(eta)) } },
  dims: [...batch, K, K],
});

const model = (K: number, eta: number) => compile(new Graph([lkjNode(K, eta)]));

function randomTheta(rng: Rng, n: number, scale = 1.5): Float64Array {
  return Float64Array.from({ length: n }, () => scale * rng.normal());
}

/** log density of the scaled Beta: r = 2B − 1, B ~ Beta(b, b). */
const logScaledBeta = (r: number, b: number) =>
  (b - 1) * Math.log((1 + r) / 2) +
  (b - 1) * Math.log((1 - r) / 2) -
  (2 * lgamma(b) - lgamma(2 * b)) -
  Math.LN2;

describe('the CPC transform', () => {
  test.each([2, 3, 5])(
    'K = %i: constrain gives Cholesky factors of correlation matrices and unconstrain inverts it',
    (K) => {
      const m = model(K, 1.5);
      expect(m.dim).toBe((K * (K - 1)) / 2);
      expect(m.layout[0].constraint).toBe('cholesky_corr');
      const rng = new Rng(`cpc round trip ${K}`);
      for (let rep = 0; rep < 5; rep++) {
        const theta = randomTheta(rng, m.dim);
        const L = m.constrain(theta).L;
        expect(L.shape).toEqual([K, K]);
        expect(isCholeskyCorr(L.data, 0, K, 1e-13)).toBe(true);
        const back = m.unconstrain({ L });
        for (let i = 0; i < m.dim; i++) expect(back[i]).toBeCloseTo(theta[i], 10);
      }
    },
  );

  test('a sampled factor survives unconstrain → constrain', () => {
    const m = model(4, 2);
    const L = new Float64Array(16);
    sampleLkjCholesky(new Rng('cpc sample round trip'), 4, 2, L);
    const back = m.constrain(m.unconstrain({ L: tensor(L, [4, 4]) })).L.data;
    for (let i = 0; i < 16; i++) expect(back[i]).toBeCloseTo(L[i], 12);
  });

  test('a batch of factors, [2, 3, 3]', () => {
    const g = new Graph([lkjNode(3, 1, [2])]);
    const m = compile(g);
    expect(m.dim).toBe(6);
    const theta = randomTheta(new Rng('cpc batch'), 6);
    const L = m.constrain(theta).L;
    expect(isCholeskyCorr(L.data, 0, 3, 1e-13) && isCholeskyCorr(L.data, 9, 3, 1e-13)).toBe(true);
    const back = m.unconstrain({ L });
    for (let i = 0; i < 6; i++) expect(back[i]).toBeCloseTo(theta[i], 10);
  });

  // (Beyond |u| ≈ 700 a diagonal entry underflows to 0 and the density becomes −Infinity.)
  test('large unconstrained values stay finite', () => {
    const m = model(3, 1);
    const theta = [20, -20, 300];
    expect(Number.isFinite(m.logDensity(theta))).toBe(true);
    expect(isCholeskyCorr(m.constrain(theta).L.data, 0, 3, 1e-12)).toBe(true);
  });

  test('unconstrain rejects a matrix that is not a Cholesky factor of a correlation matrix', () => {
    expect(() =>
      model(2, 1).unconstrain({
        L: [
          [1, 0],
          [0.5, 0.5],
        ],
      }),
    ).toThrow(/outside its support/);
  });
});

describe('the LKJ log-density on the unconstrained scale', () => {
  test('eta = 1, K = 2: the correlation tanh(u) is uniform on (−1, 1)', () => {
    const m = model(2, 1);
    for (const u of [-3, -0.4, 0, 0.25, 2]) {
      const r = Math.tanh(u);
      expect(m.constrain([u]).L.data[2]).toBeCloseTo(r, 15);
      // density 1/2 on (−1, 1), times dr/du = 1 − tanh²(u)
      expect(m.logDensity([u])).toBeCloseTo(-Math.LN2 + Math.log(1 - r * r), 12);
    }
  });

  // The partial correlations are independent scaled Betas, z_ij ~ 2·Beta(β_j, β_j) − 1 with
  // β_j = η + (K − 2 − j)/2 (Lewandowski, Kurowicka & Joe 2009), so the exact log-density of
  // u = atanh(z) is Σ log p(z_ij) + log(1 − z_ij²).
  test.each([
    [2, 0.5],
    [2, 3],
    [3, 1],
    [3, 0.7],
    [4, 2.5],
    [5, 1.2],
  ])('K = %i, eta = %f: equals the product of independent Beta partial correlations', (K, eta) => {
    const m = model(K, eta);
    const rng = new Rng(`lkj exact ${K} ${eta}`);
    for (let rep = 0; rep < 4; rep++) {
      const theta = randomTheta(rng, m.dim);
      let exact = 0;
      let k = 0;
      for (let i = 1; i < K; i++) {
        for (let j = 0; j < i; j++) {
          const z = Math.tanh(theta[k++]);
          exact += logScaledBeta(z, eta + (K - 2 - j) / 2) + Math.log(1 - z * z);
        }
      }
      expect(Math.abs(m.logDensity(theta) - exact)).toBeLessThan(1e-10 * Math.max(1, Math.abs(exact)));
    }
  });

  test('the normalising constant at eta = 1 is the volume of the elliptope (π²/2 for K = 3)', () => {
    expect(lkjLogNormalizer(2, 1)).toBeCloseTo(Math.LN2, 14);
    expect(lkjLogNormalizer(3, 1)).toBeCloseTo(Math.log((Math.PI * Math.PI) / 2), 14);
  });
});

describe('the LKJ sampler', () => {
  test('K = 3, eta = 2: every correlation has mean 0 and variance 1/(2η + K − 1)', () => {
    const K = 3;
    const eta = 2;
    const n = 100_000;
    const rng = new Rng('lkj sampler');
    const L = new Float64Array(K * K);
    const r = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
    const d = getDistribution('LKJCholeskyCorr');
    for (let s = 0; s < n; s++) {
      d.sampleEvent!(rng, { n: Float64Array.of(K), eta: Float64Array.of(eta) }, L, 0);
      r[0][s] = L[3] * L[0]; // R_10
      r[1][s] = L[6] * L[0]; // R_20
      r[2][s] = L[6] * L[3] + L[7] * L[4]; // R_21
    }
    // Marginally (r + 1)/2 ~ Beta(b, b), b = η − 1 + K/2.
    const b = eta - 1 + K / 2;
    const beta = betaMoments(b, b);
    const exact = { mean: 0, variance: 4 * beta.variance, fourth: 16 * beta.fourth };
    expect(exact.variance).toBeCloseTo(1 / (2 * eta + K - 1), 14);
    for (const x of r) expectMoments(x, exact);
  });

  test('sampling needs n', () => {
    const d = getDistribution('LKJCholeskyCorr');
    expect(() => d.sampleEvent!(new Rng(1), { eta: Float64Array.of(1) }, new Float64Array(4), 0)).toThrow(
      /needs the dimension n/,
    );
  });
});

describe('LKJ values off the support and bad shapes', () => {
  const observed = (L: number[][], eta = 1) =>
    compile(
      new Graph([
        {
          kind: 'random',
          name: 'L',
          dist: { name: 'LKJCholeskyCorr', args: { eta: constant(scalar(eta)) } },
          observed: constant(tensor(Float64Array.from(L.flat()), [L.length, L.length])),
        },
      ]),
    ).logDensity([]);

  test('an observed valid factor has a finite density; invalid ones −Infinity', () => {
    const s = Math.sqrt(1 - 0.36);
    expect(
      observed([
        [1, 0],
        [0.6, s],
      ]),
    ).toBeCloseTo(-Math.LN2, 14);
    expect(
      observed([
        [1, 0],
        [0.6, 0.5],
      ]),
    ).toBe(Number.NEGATIVE_INFINITY); // row norm ≠ 1
    expect(
      observed([
        [1, 0.1],
        [0.6, s],
      ]),
    ).toBe(Number.NEGATIVE_INFINITY); // not lower triangular
    expect(
      observed([
        [1, 0],
        [0.6, -s],
      ]),
    ).toBe(Number.NEGATIVE_INFINITY); // negative diagonal
    expect(
      observed([
        [-1, 0],
        [0.6, s],
      ]),
    ).toBe(Number.NEGATIVE_INFINITY);
  });

  test('eta ≤ 0 gives −Infinity', () => {
    const g = new Graph([
      { kind: 'random', name: 'eta', dist: { name: 'Flat', args: {} } },
      {
        kind: 'random',
        name: 'L',
        dist: { name: 'LKJCholeskyCorr', args: { eta: ref('eta') } },
        dims: [3, 3],
      },
    ]);
    expect(compile(g).logDensity([-0.5, 0.1, 0.2, 0.3])).toBe(Number.NEGATIVE_INFINITY);
  });

  test('without a declared [K, K] shape the model is rejected with a clear message', () => {
    const g = new Graph([
      { kind: 'random', name: 'L', dist: { name: 'LKJCholeskyCorr', args: { eta: constant(scalar(1)) } } },
    ]);
    expect(() => compile(g)).toThrow(/shape \[\.\.\., K, K\]/);
  });

  test('n, when given, must match the declared shape', () => {
    const node = (n: number): Node => ({
      kind: 'random',
      name: 'L',
      dist: { name: 'LKJCholeskyCorr', args: { n: constant(scalar(n)), eta: constant(scalar(1)) } },
      dims: [3, 3],
    });
    expect(Number.isFinite(compile(new Graph([node(3)])).logDensity([0.1, 0.2, 0.3]))).toBe(true);
    expect(() => compile(new Graph([node(4)]))).toThrow(/n = 4/);
  });
});
