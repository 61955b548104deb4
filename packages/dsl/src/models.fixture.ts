import {
  adstockGeometric,
  Bernoulli,
  Beta,
  Binomial,
  Categorical,
  call,
  cholesky,
  concat,
  cumsum,
  Dirichlet,
  dot,
  exp,
  Flat,
  Gamma,
  type Graph,
  HalfCauchy,
  HalfFlat,
  HalfNormal,
  invLogit,
  LKJCholeskyCorr,
  log,
  logSumExp,
  ModelBuilder,
  MvNormal,
  mean,
  Normal,
  not,
  or,
  Poisson,
  prev,
  reshape,
  StudentT,
  saturationHill,
  saturationLogistic,
  sqrt,
  square,
  stack,
  sum,
  Term,
  t,
  term,
  transpose,
  Uniform,
  where,
} from '@dopl/core';

// Models built with the TypeScript builder, for the round-trip and lowering tests: together they
// use every construct the printer can print.

const schoolsY = [28, 8, -3, 7, -1, 1, 18, 12];
const schoolsSigma = [15, 10, 16, 11, 9, 11, 10, 18];

export function eightSchools(): Graph {
  const m = new ModelBuilder();
  m.data('J', { type: 'int' });
  m.data('y', { dims: ['J'] });
  const sigma = m.data('sigma', { dims: ['J'], lower: 0 });
  const mu = m.random('mu', Normal(0, 5));
  const tau = m.random('tau', HalfCauchy(5));
  const z = m.random('z', Normal(0, 1), { dims: ['J'] });
  const theta = m.let('theta', mu.add(tau.mul(z)));
  m.random('y', Normal(theta, sigma));
  return m.build({ J: 8, y: schoolsY, sigma: schoolsSigma });
}

export const garchY = [0.2, -0.5, 1.1, 0.3, -0.9, 0.4, 0.05, -0.2];

/** GARCH(1,1): a deterministic recurrence of volatilities reading the lagged data. */
export function garch(): Graph {
  const m = new ModelBuilder();
  m.data('T', { type: 'int' });
  const y = m.data('y', { dims: ['T'] });
  const sigma1 = m.data('sigma1', { lower: 0 });
  const mu = m.random('mu', Normal(0, 10));
  const alpha0 = m.random('alpha0', Normal(0, 1), { constraint: { lower: 0 } });
  const alpha1 = m.random('alpha1', Uniform(0, 1));
  const beta1 = m.random('beta1', Flat(), { constraint: { lower: 0, upper: term(1).sub(alpha1) } });
  const s = m.recurrence('s', {
    length: 'T',
    init: [sigma1],
    step: sqrt(alpha0.add(alpha1.mul(square(y.at(t().sub(1)).sub(mu)))).add(beta1.mul(prev().pow(2)))),
  });
  m.random('y', Normal(mu, s));
  return m.build({ T: garchY.length, y: garchY, sigma1: 0.5 });
}

/** AR(1) latent process: a random recurrence. */
export function ar1(): Graph {
  const m = new ModelBuilder();
  m.data('T', { type: 'int' });
  const phi = m.random('phi', Uniform(-1, 1));
  const sigma = m.random('sigma', HalfNormal(1));
  const x = m.randomRecurrence('x', {
    length: 'T',
    init: [Normal(0, sigma.div(sqrt(term(1).sub(square(phi)))))],
    step: Normal(phi.mul(prev()), sigma),
  });
  m.random('obs', Normal(x, 0.5), { observed: [0.1, -0.3, 0.2, 0.5, 0.4] });
  return m.build({ T: 5 });
}

/** An observed random recurrence (AR(2) on data). */
export function ar2Observed(): Graph {
  const m = new ModelBuilder();
  const a = m.random('a', Normal(0, 0.5), { dims: [2] });
  m.randomRecurrence('y', {
    length: 6,
    init: [Normal(0, 1), Normal(0, 1)],
    step: Normal(
      a
        .at(0)
        .mul(prev(1))
        .add(a.at(1).mul(prev(2))),
      1,
    ),
    observed: [0.3, 0.1, -0.2, 0.4, 0.2, -0.1],
  });
  return m.build();
}

export const hmmY = [0.1, 2.3, 1.9, -0.2, 0.3, 2.1];

/** Two-state HMM, marginalised with the forward algorithm: a vector recurrence and a factor. */
export function hmm(): Graph {
  const m = new ModelBuilder();
  m.data('N', { type: 'int' });
  const y = m.data('y', { dims: ['N'] });
  const mu = m.random('mu', Normal(0, 3), { dims: [2], constraint: 'ordered' });
  const sigma = m.random('sigma', HalfNormal(1));
  const p = m.random('p', Dirichlet([1, 1]), { dims: [2, 2] });
  const logA = m.let('logA', log(p));
  const emit = m.let('emit', new Term(call('normal_lpdf', [reshape(y, [6, 1]).expr, mu.expr, sigma.expr])));
  const alpha = m.recurrence('alpha', {
    length: 'N',
    init: [emit.at(0).add(log(0.5))],
    step: logSumExp(transpose(logA).add(prev()), 1).add(emit.at(t())),
  });
  m.factor('lik', logSumExp(alpha.at(new Term({ kind: 'ref', name: 'N' }).sub(1))));
  return m.build({ N: hmmY.length, y: hmmY });
}

/** Every constraint: bounds of every kind (expressions too), ordered, positive_ordered, simplex, cholesky_corr. */
export function constrained(): Graph {
  const m = new ModelBuilder();
  const lo = m.random('lo', Normal(0, 1), { constraint: { lower: -1 } });
  m.random('hi', Normal(0, 1), { constraint: { upper: 2.5 } });
  m.random('both', Normal(0, 1), { constraint: { lower: lo, upper: lo.add(3) } });
  m.random('o', Normal(0, 2), { dims: [3], constraint: 'ordered' });
  m.random('po', HalfNormal(2), { dims: [3], constraint: 'positive_ordered' });
  m.random('w', Dirichlet([1, 2, 3]), { constraint: 'simplex', dims: [3] });
  m.random('L', LKJCholeskyCorr(2), { dims: [3, 3], constraint: 'cholesky_corr' });
  m.random('f', HalfFlat());
  return m.build();
}

/** `observes` an expression of data: an autoregression on its own series. */
export function observesExpression(): Graph {
  const m = new ModelBuilder();
  const y = m.data('y', { dims: [5] });
  const phi = m.random('phi', Normal(0, 1));
  const mu = m.let('mu', phi.mul(y.slice(0, 4)));
  m.random('y_next', Normal(mu, 1), { observed: y.slice(1, null) });
  m.random('y_rev', Normal(0, 1), { observed: y.slice(null, null, -2) });
  return m.build({ y: [0.5, -0.2, 0.1, 0.4, 0.3] });
}

export const mmmSpend = [
  [1, 0.5],
  [0.8, 0.2],
  [0, 1.1],
  [0.4, 0.6],
  [1.2, 0],
  [0.3, 0.9],
];
export const mmmSales = [2.1, 1.9, 2.4, 2.2, 2.6, 2.3];

/** Marketing mix: geometric adstock, logistic and Hill saturation, a matrix product. */
export function mmm(): Graph {
  const m = new ModelBuilder();
  m.data('T', { type: 'int' });
  m.data('C', { type: 'int' });
  const spend = m.data('spend', { dims: ['T', 'C'], lower: 0 });
  m.data('sales', { dims: ['T'] });
  const alpha = m.random('alpha', Beta(1, 3), { dims: ['C'] });
  const lam = m.random('lam', Gamma(3, 1), { dims: ['C'] });
  const beta = m.random('beta', HalfNormal(2), { dims: ['C'] });
  const kappa = m.random('kappa', Gamma(2, 2));
  const intercept = m.random('intercept', Normal(0, 2));
  const sigma = m.random('sigma', HalfNormal(1));
  const adstocked = m.let('adstocked', adstockGeometric(spend, alpha, 4));
  const media = m.let('media', saturationLogistic(adstocked, lam));
  const hill = m.let('hill', saturationHill(sum(adstocked, 1), kappa, 1.5));
  m.random('sales', Normal(intercept.add(media.matmul(beta)).add(hill), sigma));
  return m.build({ T: 6, C: 2, spend: mmmSpend, sales: mmmSales });
}

/** Discrete likelihoods with alternative parametrisations, int data and integer-array indexing. */
export function discrete(): Graph {
  const m = new ModelBuilder();
  m.data('N', { type: 'int' });
  const x = m.data('x', { dims: ['N'] });
  const g = m.data('g', { type: 'int', dims: ['N'], lower: 0, upper: 2 });
  m.data('k', { type: 'int', dims: ['N'], lower: 0 });
  m.data('b', { type: 'bool', dims: ['N'] });
  m.data('c', { type: 'int', dims: ['N'] });
  const a = m.random('a', Normal(0, 1), { dims: [3] });
  const slope = m.random('slope', StudentT(3, 0, 1));
  const eta = m.let('eta', a.at(g).add(slope.mul(x)));
  m.random('k', Poisson({ log_mu: eta }));
  m.random('b', Bernoulli({ logit_p: eta }));
  m.random('trials', Binomial(10, { p: invLogit(eta) }), { observed: [3, 4, 5, 6] });
  m.random('c', Categorical({ logits: transpose(stack([eta, eta.mul(0.5), term([0, 0, 0, 0])])) }));
  return m.build({
    N: 4,
    x: [0.1, -0.4, 1.2, 0.3],
    g: [0, 1, 2, 1],
    k: [1, 0, 3, 2],
    b: [1, 0, 1, 1],
    c: [0, 1, 2, 1],
  });
}

/** Multivariate normal with a Cholesky factor built from parameters. */
export function multivariate(): Graph {
  const m = new ModelBuilder();
  const mu = m.random('mu', Normal(0, 1), { dims: [2] });
  const s = m.random('s', HalfNormal(1), { dims: [2] });
  const L = m.random('L', LKJCholeskyCorr(2), { dims: [2, 2], constraint: 'cholesky_corr' });
  const chol = m.let('chol', L.mul(s));
  m.random('z', MvNormal(mu, { chol }), {
    observed: [
      [0.1, 0.2],
      [0.3, -0.1],
      [-0.5, 0.4],
    ],
  });
  m.let('cov', cholesky(dot(chol, transpose(chol))));
  return m.build();
}

/** Operators with every precedence and associativity, comparisons, logic, if/then/else, slices. */
export function expressions(): Graph {
  const m = new ModelBuilder();
  const X = m.data('X', { dims: [3, 4] });
  const a = m.random('a', Normal(0, 1));
  const b = m.random('b', Normal(0, 1));
  const c = m.random('c', Normal(0, 1), { dims: [4] });
  m.let('sub_left', a.sub(b).sub(1));
  m.let('sub_right', a.sub(b.sub(1)));
  m.let('div', a.div(b.mul(2)).div(a.add(-2)));
  m.let('neg', a.add(b).neg().mul(b.neg()));
  m.let('pow_right', a.pow(b.pow(2)));
  m.let('pow_left', a.pow(b).pow(2));
  m.let('neg_pow', a.pow(2).neg());
  m.let('pow_neg', a.pow(-1));
  m.let('const_neg', term(-2).pow(a));
  m.let('logic', where(or(a.lt(b), not(a.ge(0))), a.add(1), where(a.eq(b), b, 0)));
  m.let('cmp', a.le(b).lt(a.gt(b)));
  m.let('cond_arith', where(a.gt(0), a, b).mul(2));
  m.let('rows', X.at(1));
  m.let('col', X.at(2, 1));
  m.let('pick', X.at([0, 2]).at(1, 1));
  m.let('slices', X.slice(1, null).slice(0, 3, 2, 1));
  m.let('neg_slice', X.slice(-2, null, 1, 1));
  m.let('mv', X.matmul(c));
  m.let('sums', sum(X, 0).add(mean(X)).add(sum(X)));
  m.let('cum', cumsum(c));
  m.let('cat', concat([c, c.mul(2)], 0));
  m.let('arr', c.add([1, -2.5, 3e-7, 1e21]));
  m.let(
    'mat',
    reshape(c, [2, 2]).add([
      [1, 2],
      [3, 4],
    ]),
  );
  m.let('expo', exp(a.mul(1.5)).add(sqrt(square(b))));
  return m.build({
    X: [
      [1, 2, 3, 4],
      [5, 6, 7, 8],
      [9, 10, 11, 12],
    ],
  });
}

/** A hierarchical regression with group indices and a recurrence reading its index t. */
export function hierarchical(): Graph {
  const m = new ModelBuilder();
  m.data('N', { type: 'int' });
  m.data('G', { type: 'int' });
  const group = m.data('group', { type: 'int', dims: ['N'] });
  const x = m.data('x', { dims: ['N'] });
  m.data('y', { dims: ['N'] });
  const muA = m.random('mu_a', Normal(0, 1));
  const sA = m.random('s_a', HalfNormal(1));
  const za = m.random('z_a', Normal(0, 1), { dims: ['G'] });
  const aG = m.let('a_g', muA.add(sA.mul(za)));
  const trend = m.recurrence('trend', { length: 'N', init: [0], step: prev().add(t().mul(0.01)) });
  const sigma = m.random('sigma', Gamma(2, 2));
  m.random('y', Normal(aG.at(group).add(x.mul(0.5)).add(trend), sigma));
  return m.build({
    N: 5,
    G: 2,
    group: [0, 1, 0, 1, 1],
    x: [0.3, -0.2, 0.5, 1.1, -0.7],
    y: [0.2, 0.1, 0.6, 1.2, -0.1],
  });
}

/** Printer corner cases: an observing random recurrence, infinite data bounds. */
export function printerCorners(): Graph {
  const m = new ModelBuilder();
  const d = m.data('d', { dims: [4], lower: Number.NEGATIVE_INFINITY, upper: 3 }, [0.1, 0.2, -0.1, 0.3]);
  m.randomRecurrence('x', {
    length: 3,
    init: [Normal(0, 1)],
    step: Normal(prev(), 1),
    observed: d.slice(1, null),
  });
  return m.build();
}

export const builderModels: Record<string, () => Graph> = {
  printerCorners,
  eightSchools,
  garch,
  ar1,
  ar2Observed,
  hmm,
  constrained,
  observesExpression,
  mmm,
  discrete,
  multivariate,
  expressions,
  hierarchical,
};
