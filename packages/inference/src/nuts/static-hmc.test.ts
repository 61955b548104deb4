import { describe, expect, it } from 'vitest';
import { coordinate, mapChains, zScore } from './chain-checks.js';
import { sampleChain } from './sample-chain.js';
import { stepsForIntegrationTime } from './static-hmc.js';
import { standardNormal } from './test-targets.js';

describe('static HMC', () => {
  it('takes ⌊T/ε⌋ leapfrog steps, at least one (Stan update_L_)', () => {
    expect(stepsForIntegrationTime(2 * Math.PI, 1)).toBe(6);
    expect(stepsForIntegrationTime(1, 3)).toBe(1);
  });

  it('matches the N(0, 1) moments within 4 MCSE', () => {
    // T = 1.7 is not a multiple of the period 2π, so the chain cannot lock into a cycle.
    const chains = [0, 1, 2, 3].map((c) =>
      sampleChain(standardNormal(1), {
        seed: `static-${c}`,
        algorithm: { kind: 'static', integrationTime: 1.7 },
      }),
    );
    const x = coordinate(chains, 0);
    expect(zScore(x, 0)).toBeLessThan(4);
    expect(
      zScore(
        mapChains(x, (v) => v * v),
        1,
      ),
    ).toBeLessThan(4);
    expect(chains[0].stats.tree_depth.every((d) => d === 0)).toBe(true);
    const steps = stepsForIntegrationTime(1.7, chains[0].stepSize);
    expect(chains[0].stats.n_leapfrog.every((n) => n === steps)).toBe(true);
  });

  it('can run a fixed number of leapfrog steps', () => {
    const r = sampleChain(standardNormal(2), {
      seed: 1,
      numWarmup: 200,
      numSamples: 200,
      algorithm: { kind: 'static', numSteps: 3 },
    });
    expect(r.stats.n_leapfrog.every((n) => n === 3)).toBe(true);
  });
});
