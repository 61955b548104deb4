import { HalfNormal, ModelBuilder, Normal } from '@dopl/core';
import { describe, expect, it } from 'vitest';
import { mcseMean, variableDraws } from '../index.js';
import { sample, samplePosteriorPredictive } from './index.js';

/** y_i ~ N(mu, sigma) with known sigma = 1 and mu ~ N(0, 10): conjugate, exact posterior. */
function conjugate() {
  const y = [1.2, 0.4, 2.1, 1.6, 0.9, 1.3];
  const m = new ModelBuilder();
  m.data('y', { dims: [6] }, y);
  const mu = m.random('mu', Normal(0, 10));
  m.let('mu2', mu.mul(2));
  m.random('y', Normal(mu, 1));
  // Posterior precision 1/100 + 6, mean Σy / (1/100 + 6).
  const prec = 1 / 100 + 6;
  return { graph: m.build(), mean: y.reduce((a, b) => a + b, 0) / prec, sd: 1 / Math.sqrt(prec) };
}

describe('sample', () => {
  it('recovers a conjugate posterior mean within 4 MCSE, deterministic nodes included', async () => {
    const { graph, mean } = conjugate();
    const fit = await sample(graph, { seed: 11, chains: 2, draws: 500, tune: 300, workers: 1 });
    expect(fit.idata.posterior!.mu.shape).toEqual([2, 500]);
    const draws = variableDraws(fit.idata, 'posterior', 'mu');
    const all = draws.flatMap((c) => [...c]);
    const m = all.reduce((a, b) => a + b, 0) / all.length;
    expect(Math.abs(m - mean)).toBeLessThan(4 * mcseMean(draws));
    const mu2 = fit.idata.posterior!.mu2.data;
    expect(mu2[17]).toBe(2 * fit.idata.posterior!.mu.data[17]);
    expect(fit.idata.sample_stats!.diverging.shape).toEqual([2, 500]);
    expect(fit.idata.observed_data!.y.data.length).toBe(6);
  });

  it('gives bit-identical draws with 1, 2 and 4 worker threads', async () => {
    const { graph } = conjugate();
    const settings = { seed: 5, chains: 4, draws: 60, tune: 60 } as const;
    const a = await sample(graph, { ...settings, workers: 1 });
    for (const workers of [2, 4]) {
      const b = await sample(graph, { ...settings, workers });
      expect(
        Buffer.from(b.idata.posterior!.mu.data.buffer).equals(Buffer.from(a.idata.posterior!.mu.data.buffer)),
      ).toBe(true);
      for (const [k, v] of Object.entries(a.idata.sample_stats!)) {
        expect(Buffer.from(b.idata.sample_stats![k].data.buffer).equals(Buffer.from(v.data.buffer)), k).toBe(
          true,
        );
      }
    }
  }, 60_000);

  it('posterior predictive draws replicate the observed node per posterior draw', async () => {
    const m = new ModelBuilder();
    m.data('y', { dims: [3] }, [0.1, 0.2, 0.3]);
    const s = m.random('s', HalfNormal(1));
    m.random('y', Normal(0, s));
    const fit = await sample(m.build(), { seed: 2, chains: 2, draws: 200, tune: 200, workers: 1 });
    const pp = samplePosteriorPredictive(fit, { seed: 3 });
    expect(pp.posterior_predictive!.y.shape).toEqual([2, 200, 3]);
    // Given s, y_rep ~ N(0, s): E[y_rep² / s²] = 1.
    const s2 = fit.idata.posterior!.s.data;
    const yr = pp.posterior_predictive!.y.data;
    let z = 0;
    for (let d = 0; d < 400; d++) for (let k = 0; k < 3; k++) z += (yr[3 * d + k] / s2[d]) ** 2;
    // 1200 χ²₁ draws: mean 1, sd √(2/1200).
    expect(Math.abs(z / 1200 - 1)).toBeLessThan(5 * Math.sqrt(2 / 1200));
  });
});
