// Checks the posteriordb translations against independent plain-TypeScript log posteriors written
// from each model.md: same log density (up to a constant) and gradient at random unconstrained
// points, the parameter layout, and the reported quantities under posteriordb's names.
import { type CompiledModel, compile, gradientError, Rng, type Tensor } from '@dopl/core';
import { describe, expect, it } from 'vitest';
import { type PosteriorModel, posteriors, readPosteriorFile } from './index.js';
import { reportedNames, toPosteriordb } from './names.js';

type Values = Readonly<Record<string, Tensor>>;
type Data = Record<string, any>;

// ---- plain log densities, parameter-dependent terms kept (constants may be dropped) --------------

const LOG_2PI = Math.log(2 * Math.PI);
const lnNormal = (y: number, mu: number, s: number) =>
  -0.5 * ((y - mu) / s) ** 2 - Math.log(s) - 0.5 * LOG_2PI;
const lnHalfNormal = (x: number, s: number) => lnNormal(x, 0, s) + Math.log(2);
const lnHalfCauchy = (x: number, s: number) => Math.log(2 / (Math.PI * s)) - Math.log1p((x / s) ** 2);
/** Student-t kernel in x (normalizing constant dropped: nu and sigma are fixed wherever used). */
const lnStudentTKernel = (x: number, nu: number, mu: number, s: number) =>
  -0.5 * (nu + 1) * Math.log1p(((x - mu) / s) ** 2 / nu);
/** Gamma(shape a, rate b) kernel in x. */
const lnGammaKernel = (x: number, a: number, b: number) => (a - 1) * Math.log(x) - b * x;
/** Beta(a, b) kernel in x. */
const lnBetaKernel = (x: number, a: number, b: number) => (a - 1) * Math.log(x) + (b - 1) * Math.log(1 - x);
const logSumExp = (xs: readonly number[]) => {
  const m = Math.max(...xs);
  return m + Math.log(xs.reduce((s, x) => s + Math.exp(x - m), 0));
};

// Log-Jacobians of the constraining transforms, from the natural-scale values.
const jacPositive = (x: number) => Math.log(x);
const jacInterval = (x: number, a: number, b: number) => Math.log(((x - a) * (b - x)) / (b - a));
const jacOrdered = (x: readonly number[]) => x.slice(1).reduce((s, xk, k) => s + Math.log(xk - x[k]), 0);
const jacPositiveOrdered = (x: readonly number[]) => Math.log(x[0]) + jacOrdered(x);
const jacSimplex = (x: readonly number[]) => x.reduce((s, xk) => s + Math.log(xk), 0);

/** Plain lower Cholesky factor (row-major n×n). */
function choleskyPlain(a: readonly number[][]): number[][] {
  const n = a.length;
  const L = a.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i][j];
      for (let k = 0; k < j; k++) s -= L[i][k] * L[j][k];
      L[i][j] = i === j ? Math.sqrt(s) : s / L[j][j];
    }
  }
  return L;
}

function seKernel(x: readonly number[], alpha: number, rho: number, diagonal: number): number[][] {
  return x.map((xi, i) =>
    x.map(
      (xj, j) => alpha * alpha * Math.exp(-((xi - xj) ** 2) / (2 * rho * rho)) + (i === j ? diagonal : 0),
    ),
  );
}

const sc = (v: Values, name: string) => v[name].data[0];
const vec = (v: Values, name: string) => Array.from(v[name].data);

// ---- the cases -------------------------------------------------------------------------------

interface Case {
  /** Expected layout from model.md: node, bijector, natural shape. */
  readonly layout: readonly (readonly [string, string, readonly number[]])[];
  /** Unconstrained dimension. */
  readonly dim: number;
  /** Shapes of reported quantities that are not sampled directly. */
  readonly derived?: Readonly<Record<string, readonly number[]>>;
  /** Independent unnormalized log posterior on the unconstrained scale (Jacobians included). */
  readonly logp: (v: Values, d: Data) => number;
  /** Extra checks of natural-scale values (e.g. derived quantities recomputed by hand). */
  readonly check?: (v: Values, d: Data) => void;
  /**
   * Finite-difference step of the gradient check. The default 1e-6 leaves a round-off error of
   * about 1e-16·|log p| / h, which exceeds 1e-6 where |log p| ~ 1e5 (N = 1192 and 5000 points far
   * from the mode) for gradient entries of order 10; 1e-4 keeps truncation and round-off small.
   */
  readonly h?: number;
}

const expectClose = (a: readonly number[], b: readonly number[], tol = 1e-10) => {
  expect(a.length).toBe(b.length);
  a.forEach((x, i) => expect(Math.abs(x - b[i])).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b[i]))));
};

const eightSchoolsCommon = (v: Values, d: Data, theta: readonly number[]) => {
  const mu = sc(v, 'mu');
  const tau = sc(v, 'tau');
  let lp = lnNormal(mu, 0, 5) + lnHalfCauchy(tau, 5) + jacPositive(tau);
  for (let j = 0; j < d.J; j++) lp += lnNormal(d.y[j], theta[j], d.sigma[j]);
  return lp;
};

const cases: Record<string, Case> = {
  'eight_schools-eight_schools_noncentered': {
    layout: [
      ['mu', 'identity', []],
      ['tau', 'lower', []],
      ['z', 'identity', [8]],
    ],
    dim: 10,
    derived: { theta: [8] },
    logp: (v, d) => {
      const z = vec(v, 'z');
      const theta = z.map((zj) => sc(v, 'mu') + sc(v, 'tau') * zj);
      return eightSchoolsCommon(v, d, theta) + z.reduce((s, zj) => s + lnNormal(zj, 0, 1), 0);
    },
    check: (v) => {
      const want = vec(v, 'z').map((zj) => sc(v, 'mu') + sc(v, 'tau') * zj);
      expectClose(vec(v, 'theta'), want);
    },
  },
  'eight_schools-eight_schools_centered': {
    layout: [
      ['mu', 'identity', []],
      ['tau', 'lower', []],
      ['theta', 'identity', [8]],
    ],
    dim: 10,
    logp: (v, d) => {
      const theta = vec(v, 'theta');
      const prior = theta.reduce((s, t) => s + lnNormal(t, sc(v, 'mu'), sc(v, 'tau')), 0);
      return eightSchoolsCommon(v, d, theta) + prior;
    },
  },
  'kidiq-kidscore_momiq': {
    layout: [
      ['beta', 'identity', [2]],
      ['sigma', 'lower', []],
    ],
    dim: 3,
    logp: (v, d) => {
      const [b1, b2] = vec(v, 'beta');
      const sigma = sc(v, 'sigma');
      let lp = lnHalfCauchy(sigma, 2.5) + jacPositive(sigma);
      for (let n = 0; n < d.N; n++) lp += lnNormal(d.kid_score[n], b1 + b2 * d.mom_iq[n], sigma);
      return lp;
    },
  },
  'earnings-logearn_interaction_z': {
    layout: [
      ['beta', 'identity', [4]],
      ['sigma', 'lower', []],
    ],
    dim: 5,
    h: 1e-4,
    logp: (v, d) => {
      const N: number = d.N;
      const m = d.height.reduce((s: number, h: number) => s + h, 0) / N;
      const sd = Math.sqrt(d.height.reduce((s: number, h: number) => s + (h - m) ** 2, 0) / (N - 1));
      const beta = vec(v, 'beta');
      const sigma = sc(v, 'sigma');
      let lp = jacPositive(sigma); // flat priors on beta and sigma
      for (let n = 0; n < N; n++) {
        const z = (d.height[n] - m) / sd;
        const mu = beta[0] + beta[1] * z + beta[2] * d.male[n] + beta[3] * z * d.male[n];
        lp += lnNormal(Math.log(d.earn[n]), mu, sigma);
      }
      return lp;
    },
  },
  'kilpisjarvi_mod-kilpisjarvi': {
    layout: [
      ['alpha', 'identity', []],
      ['beta', 'identity', []],
      ['sigma', 'lower', []],
    ],
    dim: 3,
    logp: (v, d) => {
      const alpha = sc(v, 'alpha');
      const beta = sc(v, 'beta');
      const sigma = sc(v, 'sigma');
      let lp =
        lnNormal(alpha, d.pmualpha, d.psalpha) + lnNormal(beta, d.pmubeta, d.psbeta) + jacPositive(sigma);
      for (let n = 0; n < d.N; n++) lp += lnNormal(d.y[n], alpha + beta * d.x[n], sigma);
      return lp;
    },
  },
  'sblrc-blr': {
    layout: [
      ['beta', 'identity', [5]],
      ['sigma', 'lower', []],
    ],
    dim: 6,
    logp: (v, d) => {
      const beta = vec(v, 'beta');
      const sigma = sc(v, 'sigma');
      let lp = lnHalfNormal(sigma, 10) + jacPositive(sigma);
      for (const b of beta) lp += lnNormal(b, 0, 10);
      for (let n = 0; n < d.N; n++) {
        let mu = 0;
        for (let k = 0; k < d.D; k++) mu += d.X[n][k] * beta[k];
        lp += lnNormal(d.y[n], mu, sigma);
      }
      return lp;
    },
  },
  'nes2000-nes': {
    layout: [
      ['beta', 'identity', [9]],
      ['sigma', 'lower', []],
    ],
    dim: 10,
    logp: (v, d) => {
      const b = vec(v, 'beta');
      const sigma = sc(v, 'sigma');
      let lp = jacPositive(sigma);
      for (let n = 0; n < d.N; n++) {
        const age = d.age_discrete[n];
        const mu =
          b[0] +
          b[1] * d.real_ideo[n] +
          b[2] * d.race_adj[n] +
          b[3] * (age === 2 ? 1 : 0) +
          b[4] * (age === 3 ? 1 : 0) +
          b[5] * (age === 4 ? 1 : 0) +
          b[6] * d.educ1[n] +
          b[7] * d.gender[n] +
          b[8] * d.income[n];
        lp += lnNormal(d.partyid7[n], mu, sigma);
      }
      return lp;
    },
  },
  'diamonds-diamonds': {
    layout: [
      ['b', 'identity', [24]],
      ['Intercept', 'identity', []],
      ['sigma', 'lower', []],
    ],
    dim: 26,
    h: 1e-4,
    logp: (v, d) => {
      const N: number = d.N;
      const K1: number = d.K - 1;
      const means = new Array<number>(K1).fill(0);
      for (let n = 0; n < N; n++) for (let k = 0; k < K1; k++) means[k] += d.X[n][k + 1] / N;
      const b = vec(v, 'b');
      const intercept = sc(v, 'Intercept');
      const sigma = sc(v, 'sigma');
      let lp = lnStudentTKernel(intercept, 3, 8, 10) + lnStudentTKernel(sigma, 3, 0, 10) + jacPositive(sigma);
      for (const bk of b) lp += lnNormal(bk, 0, 1);
      for (let n = 0; n < N; n++) {
        let mu = intercept;
        for (let k = 0; k < K1; k++) mu += (d.X[n][k + 1] - means[k]) * b[k];
        lp += lnNormal(d.Y[n], mu, sigma);
      }
      return lp;
    },
  },
  'arK-arK': {
    layout: [
      ['alpha', 'identity', []],
      ['beta', 'identity', [5]],
      ['sigma', 'lower', []],
    ],
    dim: 7,
    logp: (v, d) => {
      const alpha = sc(v, 'alpha');
      const beta = vec(v, 'beta');
      const sigma = sc(v, 'sigma');
      let lp = lnNormal(alpha, 0, 10) + lnHalfCauchy(sigma, 2.5) + jacPositive(sigma);
      for (const bk of beta) lp += lnNormal(bk, 0, 10);
      // 1-based t = K+1..T, beta[k] multiplies y[t-k]; here 0-based.
      for (let t = d.K; t < d.T; t++) {
        let mu = alpha;
        for (let k = 1; k <= d.K; k++) mu += beta[k - 1] * d.y[t - k];
        lp += lnNormal(d.y[t], mu, sigma);
      }
      return lp;
    },
  },
  'arma-arma11': {
    layout: [
      ['mu', 'identity', []],
      ['phi', 'identity', []],
      ['theta', 'identity', []],
      ['sigma', 'lower', []],
    ],
    dim: 4,
    logp: (v, d) => {
      const [mu, phi, theta, sigma] = ['mu', 'phi', 'theta', 'sigma'].map((n) => sc(v, n));
      let lp =
        lnNormal(mu, 0, 10) +
        lnNormal(phi, 0, 2) +
        lnNormal(theta, 0, 2) +
        lnHalfCauchy(sigma, 2.5) +
        jacPositive(sigma);
      let err = 0;
      for (let t = 0; t < d.T; t++) {
        const nu = t === 0 ? mu + phi * mu : mu + phi * d.y[t - 1] + theta * err;
        err = d.y[t] - nu;
        lp += lnNormal(err, 0, sigma);
      }
      return lp;
    },
  },
  'garch-garch11': {
    layout: [
      ['mu', 'identity', []],
      ['alpha0', 'lower', []],
      ['alpha1', 'interval', []],
      ['beta1', 'interval', []],
    ],
    dim: 4,
    logp: (v, d) => {
      const [mu, a0, a1, b1] = ['mu', 'alpha0', 'alpha1', 'beta1'].map((n) => sc(v, n));
      // Constant prior on the region; only the Jacobians of the transforms.
      let lp = jacPositive(a0) + jacInterval(a1, 0, 1) + jacInterval(b1, 0, 1 - a1);
      let s = d.sigma1;
      for (let t = 0; t < d.T; t++) {
        if (t > 0) s = Math.sqrt(a0 + a1 * (d.y[t - 1] - mu) ** 2 + b1 * s * s);
        lp += lnNormal(d.y[t], mu, s);
      }
      return lp;
    },
  },
  'low_dim_gauss_mix-low_dim_gauss_mix': {
    layout: [
      ['mu', 'ordered', [2]],
      ['sigma', 'lower', [2]],
      ['theta', 'interval', []],
    ],
    dim: 5,
    logp: (v, d) => {
      const mu = vec(v, 'mu');
      const sigma = vec(v, 'sigma');
      const theta = sc(v, 'theta');
      let lp = lnBetaKernel(theta, 5, 5) + jacOrdered(mu) + jacInterval(theta, 0, 1);
      for (let k = 0; k < 2; k++)
        lp += lnNormal(mu[k], 0, 2) + lnHalfNormal(sigma[k], 2) + jacPositive(sigma[k]);
      for (let n = 0; n < d.N; n++) {
        lp += logSumExp([
          Math.log(theta) + lnNormal(d.y[n], mu[0], sigma[0]),
          Math.log(1 - theta) + lnNormal(d.y[n], mu[1], sigma[1]),
        ]);
      }
      return lp;
    },
    check: (v) => expect(v.mu.data[0]).toBeLessThan(v.mu.data[1]),
  },
  'gp_pois_regr-gp_pois_regr': {
    layout: [
      ['rho', 'lower', []],
      ['alpha', 'lower', []],
      ['f_tilde', 'identity', [11]],
    ],
    dim: 13,
    derived: { f: [11] },
    logp: (v, d) => {
      const rho = sc(v, 'rho');
      const alpha = sc(v, 'alpha');
      const fTilde = vec(v, 'f_tilde');
      const f = gpLatent(d.x, alpha, rho, fTilde);
      let lp = lnGammaKernel(rho, 25, 4) + lnHalfNormal(alpha, 2) + jacPositive(rho) + jacPositive(alpha);
      for (const u of fTilde) lp += lnNormal(u, 0, 1);
      for (let i = 0; i < d.N; i++) lp += d.k[i] * f[i] - Math.exp(f[i]); // − lgamma(k + 1): constant
      return lp;
    },
    check: (v, d) => expectClose(vec(v, 'f'), gpLatent(d.x, sc(v, 'alpha'), sc(v, 'rho'), vec(v, 'f_tilde'))),
  },
  'gp_pois_regr-gp_regr': {
    layout: [
      ['rho', 'lower', []],
      ['alpha', 'lower', []],
      ['sigma', 'lower', []],
    ],
    dim: 3,
    logp: (v, d) => {
      const [rho, alpha, sigma] = ['rho', 'alpha', 'sigma'].map((n) => sc(v, n));
      // sigma enters the diagonal as is (a variance), as in posteriordb.
      const L = choleskyPlain(seKernel(d.x, alpha, rho, sigma));
      const z: number[] = [];
      let logDet = 0;
      for (let i = 0; i < d.N; i++) {
        let s = d.y[i];
        for (let k = 0; k < i; k++) s -= L[i][k] * z[k];
        z.push(s / L[i][i]);
        logDet += Math.log(L[i][i]);
      }
      const mvn = -0.5 * z.reduce((s, zi) => s + zi * zi, 0) - logDet;
      return (
        lnGammaKernel(rho, 25, 4) +
        lnHalfNormal(alpha, 2) +
        lnHalfNormal(sigma, 1) +
        mvn +
        jacPositive(rho) +
        jacPositive(alpha) +
        jacPositive(sigma)
      );
    },
  },
  'hmm_example-hmm_example': {
    layout: [
      ['theta1', 'simplex', [2]],
      ['theta2', 'simplex', [2]],
      ['mu', 'positive_ordered', [2]],
    ],
    dim: 4,
    logp: (v, d) => {
      const gamma = [vec(v, 'theta1'), vec(v, 'theta2')]; // gamma[j][k] = P(k | j)
      const mu = vec(v, 'mu');
      const emit = (y: number, k: number) => lnNormal(y, mu[k], 1);
      let g = [0, 1].map((k) => emit(d.y[0], k));
      for (let t = 1; t < d.N; t++) {
        g = [0, 1].map((k) => logSumExp([0, 1].map((j) => g[j] + Math.log(gamma[j][k]))) + emit(d.y[t], k));
      }
      return (
        lnNormal(mu[0], 3, 1) +
        lnNormal(mu[1], 10, 1) +
        logSumExp(g) +
        jacSimplex(gamma[0]) +
        jacSimplex(gamma[1]) +
        jacPositiveOrdered(mu)
      );
    },
    check: (v) => {
      for (const s of ['theta1', 'theta2']) expect(v[s].data[0] + v[s].data[1]).toBeCloseTo(1, 14);
      expect(v.mu.data[0]).toBeGreaterThan(0);
      expect(v.mu.data[0]).toBeLessThan(v.mu.data[1]);
    },
  },
};

/** f = L f̃ with L the Cholesky factor of the squared-exponential covariance plus 1e-10 jitter. */
function gpLatent(x: readonly number[], alpha: number, rho: number, fTilde: readonly number[]): number[] {
  const L = choleskyPlain(seKernel(x, alpha, rho, 1e-10));
  return L.map((row) => row.reduce((s, l, j) => s + l * fTilde[j], 0));
}

// ---- the tests -------------------------------------------------------------------------------

const POINTS = 3;

describe('posteriordb translations', () => {
  it('cover every posterior of the suite', () => {
    expect(Object.keys(posteriors).sort()).toEqual(Object.keys(cases).sort());
    expect(Object.keys(posteriors)).toHaveLength(15);
  });

  Object.entries(posteriors).forEach(([name, posterior]) => {
    const spec = cases[name];
    describe(name, () => {
      const data = readPosteriorFile(name, 'data.json');
      const reference = readPosteriorFile(name, 'reference.json');
      let model: CompiledModel | undefined;
      const compiled = (): CompiledModel => {
        model ??= compile((posterior as PosteriorModel).build(data));
        return model;
      };
      const rng = new Rng(`posteriordb/${name}`);
      const points = (dim: number) =>
        Array.from({ length: POINTS }, () => Float64Array.from({ length: dim }, () => 2 * rng.uniform() - 1));

      it('builds and compiles with the parameter layout of model.md', () => {
        const m = compiled();
        expect(m.dim).toBe(spec.dim);
        expect(m.layout.map((p) => [p.name, p.constraint, [...p.shape]])).toEqual(
          spec.layout.map(([n, c, s]) => [n, c, [...s]]),
        );
      });

      it('log density equals the independent implementation up to a constant', () => {
        const m = compiled();
        const thetas = points(m.dim);
        const ours = thetas.map((t) => m.logDensity(t));
        const ref = thetas.map((t) => {
          const v = m.constrain(t);
          spec.check?.(v, data);
          return spec.logp(v, data);
        });
        for (const x of [...ours, ...ref]) expect(Number.isFinite(x)).toBe(true);
        const scale = Math.max(1, ...ours.map(Math.abs), ...ref.map(Math.abs));
        for (let i = 1; i < POINTS; i++) {
          const diffOurs = ours[i] - ours[0];
          const diffRef = ref[i] - ref[0];
          expect(Math.abs(diffOurs - diffRef)).toBeLessThanOrEqual(1e-8 * scale);
        }
      });

      it('gradient matches finite differences', () => {
        const m = compiled();
        for (const t of points(m.dim)) expect(gradientError(m, t, spec.h).maxRelError).toBeLessThan(1e-6);
      });

      it('constrain/unconstrain round-trip', () => {
        const m = compiled();
        for (const t of points(m.dim)) {
          const back = m.unconstrain(m.constrain(t));
          expectClose(Array.from(back), Array.from(t), 1e-9);
        }
      });

      it('reports the reference quantities under posteriordb names', () => {
        const m = compiled();
        const v = m.constrain(points(m.dim)[0]);
        for (const [q, shape] of Object.entries(spec.derived ?? {})) expect(v[q].shape).toEqual(shape);
        const names = reportedNames(v, posterior.reported);
        expect(names).toEqual(Object.keys(reference.parameters));
        const draw = toPosteriordb(v, posterior.reported);
        expect(Object.keys(draw)).toEqual(names);
        for (const x of Object.values(draw)) expect(Number.isFinite(x)).toBe(true);
      });
    });
  });
});
