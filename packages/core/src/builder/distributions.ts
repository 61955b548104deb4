import type { DistCall } from '../graph/node.js';
import { type TermLike, term } from './term.js';

/** A distribution applied to arguments, ready for `m.random(name, …)`. */
export interface DistSpec {
  readonly call: DistCall;
}

const spec = (name: string, args: Record<string, TermLike | undefined>): DistSpec => {
  const out: Record<string, ReturnType<typeof term>['expr']> = {};
  for (const [k, v] of Object.entries(args)) if (v !== undefined) out[k] = term(v).expr;
  return { call: { name, args: out } };
};

// Constructors with PyMC's parameter names and order. Alternative parametrisations take an object
// so the compiler rejects giving both (`Bernoulli({ p })` or `Bernoulli({ logit_p })`).

export const Normal = (mu: TermLike = 0, sigma: TermLike = 1) => spec('Normal', { mu, sigma });
export const HalfNormal = (sigma: TermLike = 1) => spec('HalfNormal', { sigma });
export const StudentT = (nu: TermLike, mu: TermLike = 0, sigma: TermLike = 1) =>
  spec('StudentT', { nu, mu, sigma });
export const HalfStudentT = (nu: TermLike, sigma: TermLike = 1) => spec('HalfStudentT', { nu, sigma });
export const Cauchy = (alpha: TermLike, beta: TermLike) => spec('Cauchy', { alpha, beta });
export const HalfCauchy = (beta: TermLike) => spec('HalfCauchy', { beta });
export const Laplace = (mu: TermLike, b: TermLike) => spec('Laplace', { mu, b });
export const Logistic = (mu: TermLike, s: TermLike) => spec('Logistic', { mu, s });
export const Exponential = (lam: TermLike) => spec('Exponential', { lam });
export const Gamma = (alpha: TermLike, beta: TermLike) => spec('Gamma', { alpha, beta });
export const InverseGamma = (alpha: TermLike, beta: TermLike) => spec('InverseGamma', { alpha, beta });
export const Beta = (alpha: TermLike, beta: TermLike) => spec('Beta', { alpha, beta });
export const LogNormal = (mu: TermLike = 0, sigma: TermLike = 1) => spec('LogNormal', { mu, sigma });
export const Uniform = (lower: TermLike = 0, upper: TermLike = 1) => spec('Uniform', { lower, upper });
export const Weibull = (alpha: TermLike, beta: TermLike) => spec('Weibull', { alpha, beta });
export const Flat = () => spec('Flat', {});
export const HalfFlat = () => spec('HalfFlat', {});

export const Bernoulli = (p: { p: TermLike } | { logit_p: TermLike }) => spec('Bernoulli', p);
export const Binomial = (n: TermLike, p: { p: TermLike } | { logit_p: TermLike }) =>
  spec('Binomial', { n, ...p });
export const Poisson = (mu: { mu: TermLike } | { log_mu: TermLike } | TermLike) =>
  spec(
    'Poisson',
    typeof mu === 'object' && mu !== null && ('mu' in mu || 'log_mu' in mu)
      ? (mu as Record<string, TermLike>)
      : { mu: mu as TermLike },
  );
export const NegativeBinomial = (mu: TermLike, alpha: TermLike) => spec('NegativeBinomial', { mu, alpha });
export const BetaBinomial = (n: TermLike, alpha: TermLike, beta: TermLike) =>
  spec('BetaBinomial', { n, alpha, beta });
export const Categorical = (p: { p: TermLike } | { logits: TermLike }) => spec('Categorical', p);
export const Dirichlet = (a: TermLike) => spec('Dirichlet', { a });
export const MvNormal = (mu: TermLike, cov: { cov: TermLike } | { chol: TermLike }) =>
  spec('MvNormal', { mu, ...cov });
export const LKJCholeskyCorr = (eta: TermLike) => spec('LKJCholeskyCorr', { eta });
