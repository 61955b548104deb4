import { query } from '@dopl/inference';
import { describe, expect, it } from 'vitest';
import { cli, graphOf } from './harness.js';

// A logistic link: y = 1[u < σ(2x − 1)], so a seen y pins u to [0, σ(·)) or [σ(·), 1) and a
// counterfactual y′ = 1 has probability |[0, σ′) ∩ interval| / |interval|. Where x is unseen the
// exact answers are one-dimensional integrals over x's posterior, done here by quadrature.
const MODEL = 'logistic.dopl';
const sigmoid = (t: number) => 1 / (1 + Math.exp(-t));
const phi = (t: number) => Math.exp(-0.5 * t * t) / Math.sqrt(2 * Math.PI);

/** ∫ f(x) w(x) dx / ∫ w(x) dx over [−10, 10] by the trapezoid rule (errors ≪ 1e-8 here). */
function posteriorMean(w: (x: number) => number, f: (x: number) => number): number {
  let num = 0;
  let den = 0;
  const m = 40000;
  for (let i = 0; i <= m; i++) {
    const x = -10 + (20 * i) / m;
    const c = (i === 0 || i === m ? 0.5 : 1) * w(x);
    num += c * f(x);
    den += c;
  }
  return num / den;
}

describe('a logistic SCM: counterfactuals through the Bernoulli noise interval', () => {
  it('seen x = 0.5, y = 1, z = 4; had x been −0.5: P(y′ = 1) = σ(−2)/σ(0), E[z′] = 3·that', async () => {
    // u ∈ [0, σ(0)) = [0, ½); y′ = 1 iff u < σ(−2). u_z = 4 − 3 − 0.5 = 0.5, z′ = 3y′ − 0.5 + 0.5.
    const p = sigmoid(-2) / 0.5;
    const args = ['--given', 'x = 0.5; y = 1; z = 4', '--do', 'x = -0.5', '--counterfactual'];
    const y = await cli(MODEL, ['--target', 'y', ...args]);
    expect(y.mcse_mean).toBe(0);
    expect(Math.abs(y.mean - p)).toBeLessThan(1e-12);
    const z = await cli(MODEL, ['--target', 'z', ...args]);
    expect(Math.abs(z.mean - 3 * p)).toBeLessThan(1e-12);
    const api = query(graphOf(MODEL), {
      target: 'z',
      given: { x: 0.5, y: 1, z: 4 },
      do: { x: -0.5 },
      counterfactual: true,
    });
    expect(Math.abs(api.mean - 3 * p)).toBeLessThan(1e-12);
  });

  it('seen x = 0.5, y = 0; had x been 1.5: P(y′ = 1) = (σ(2) − ½)/½', async () => {
    // u ∈ [σ(0), 1) = [½, 1); y′ = 1 iff u < σ(2).
    const exact = (sigmoid(2) - 0.5) / 0.5;
    const seen = ['--target', 'y', '--do', 'x = 1.5', '--counterfactual'];
    // Every node seen: no latent, the interval integrated exactly.
    const all = await cli(MODEL, [...seen, '--given', 'x = 0.5; y = 0; z = 1']);
    expect(Math.abs(all.mean - exact)).toBeLessThan(1e-12);
    // z unseen: its rows are forward draws, and one uniform is drawn per noise interval; the
    // answer is a Bernoulli mean with MCSE √(p(1 − p)/n), reported as mcse_mean.
    const some = await cli(MODEL, [...seen, '--given', 'x = 0.5; y = 0', '--draws', '4000', '--seed', '40']);
    expect(Math.abs(some.mcse_mean - Math.sqrt((exact * (1 - exact)) / 4000))).toBeLessThan(0.001);
    expect(Math.abs(some.mean - exact)).toBeLessThan(4 * some.mcse_mean);
  });

  it('P(y = 1 | do(x = 1)) = σ(1) and E[z | do(y = 1)] = 3', async () => {
    const n = 4000;
    const y = await cli(MODEL, ['--target', 'y', '--do', 'x = 1', '--draws', `${n}`, '--seed', '41']);
    // A Bernoulli(σ(1)) mean: MCSE = √(p(1 − p)/n).
    const p = sigmoid(1);
    expect(Math.abs(y.mean - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));
    const z = await cli(MODEL, ['--target', 'z', '--do', 'y = 1', '--draws', `${n}`, '--seed', '42']);
    // z = 3 + x + e: var 2.
    expect(Math.abs(z.mean - 3)).toBeLessThan(4 * Math.sqrt(2 / n));
  });

  it('P(y = 1 | z = 2) with x unseen: importance sampling within 4 MCSE of the quadrature', async () => {
    // p(x, y | z) ∝ φ(x) σ(2x − 1)^y (1 − σ(2x − 1))^{1−y} φ(z − 3y − x).
    const one = (x: number) => phi(x) * sigmoid(2 * x - 1) * phi(2 - 3 - x);
    const zero = (x: number) => phi(x) * (1 - sigmoid(2 * x - 1)) * phi(2 - x);
    const exact = posteriorMean(
      (x) => one(x) + zero(x),
      (x) => one(x) / (one(x) + zero(x)),
    );
    const out = await cli(MODEL, ['--target', 'y', '--given', 'z = 2', '--draws', '4000', '--seed', '43']);
    // Mixed latents (x continuous, y discrete): 'auto' picks likelihood weighting.
    expect(out.method).toMatch(/^importance/);
    expect(Math.abs(out.mean - exact)).toBeLessThan(4 * out.mcse_mean);
  });

  it('x unseen, y = 1 and z = 4 seen; had x been 0: E[z′] by NUTS within 4 MCSE of the quadrature', async () => {
    // Given x: u ∈ [0, σ(2x − 1)), y′ = 1 w.p. min(1, σ(−1)/σ(2x − 1)); u_z = 4 − 3 − x, so
    // z′ = 3y′ + 0 + 1 − x. x | y = 1, z = 4 ∝ φ(x) σ(2x − 1) φ(1 − x).
    const exact = posteriorMean(
      (x) => phi(x) * sigmoid(2 * x - 1) * phi(1 - x),
      (x) => 3 * Math.min(1, sigmoid(-1) / sigmoid(2 * x - 1)) + 1 - x,
    );
    const out = await cli(MODEL, [
      ...['--target', 'z', '--given', 'y = 1; z = 4', '--do', 'x = 0', '--counterfactual'],
      ...['--draws', '400', '--seed', '44'],
    ]);
    expect(out.method).toMatch(/^nuts/);
    expect(Math.abs(out.mean - exact)).toBeLessThan(4 * out.mcse_mean);
  });

  it('only z = 2 seen (x and y latent, mixed): had x been 0, E[z′] by importance within 4 MCSE', async () => {
    // z′ = 3y′ + 0 + (z − 3y − x). Given x and y = 1, u ∈ [0, σ(2x − 1)) and y′ = 1 w.p.
    // min(1, σ(−1)/σ(2x − 1)); given y = 0, u ∈ [σ(2x − 1), 1) and y′ = 1 w.p.
    // max(0, σ(−1) − σ(2x − 1))/(1 − σ(2x − 1)). Both weighted by p(x, y | z = 2).
    const p = (x: number) => sigmoid(2 * x - 1);
    const w1 = (x: number) => phi(x) * p(x) * phi(2 - 3 - x);
    const w0 = (x: number) => phi(x) * (1 - p(x)) * phi(2 - x);
    const exact = posteriorMean(
      (x) => w1(x) + w0(x),
      (x) => {
        const y1 = Math.min(1, sigmoid(-1) / p(x));
        const y0 = Math.max(0, sigmoid(-1) - p(x)) / (1 - p(x));
        return (w1(x) * (3 * y1 - 1 - x) + w0(x) * (3 * y0 + 2 - x)) / (w1(x) + w0(x));
      },
    );
    const out = await cli(MODEL, [
      ...['--target', 'z', '--given', 'z = 2', '--do', 'x = 0', '--counterfactual'],
      ...['--draws', '4000', '--seed', '45'],
    ]);
    expect(out.method).toMatch(/^importance \(ess \d+(\.\d)?\); abduction per draw$/);
    expect(Math.abs(out.mean - exact)).toBeLessThan(4 * out.mcse_mean);
  });
});
