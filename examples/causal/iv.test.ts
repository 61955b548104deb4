import { describe, expect, it } from 'vitest';
import { iv, TRUE_BETA } from './iv.js';

describe('instrumental variable', () => {
  it('the IV posterior covers the true effect; least squares is confounded away from it', async () => {
    const r = await iv();
    // The posterior sd of β matches the 2SLS standard error sd(2u + e)/(√N · γ sd(z)) =
    // √4.25/√300 ≈ 0.12 (measured 0.14); a correct posterior puts the truth within 4 sd with
    // probability > 0.9999.
    expect(Math.abs(r.beta.mean - TRUE_BETA)).toBeLessThan(4 * r.beta.sd);
    expect(r.beta.sd).toBeLessThan(0.2);
    // OLS limit 0.5 + 2/2.25 ≈ 1.39 (sampling sd ≈ 0.05 at N = 300).
    expect(Math.abs(r.ols - (0.5 + 2 / 2.25))).toBeLessThan(0.2);
    expect(Math.abs(r.ols - TRUE_BETA)).toBeGreaterThan(5 * r.beta.sd);
  });
});
