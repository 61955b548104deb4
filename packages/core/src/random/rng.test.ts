import { describe, expect, it } from 'vitest';
import { DoplError } from '../errors.js';
import { gamma } from './gamma.js';
import { normalQuantile } from './normal-quantile.js';
import { Rng, type RngState, streams } from './rng.js';
import { correlation, expectMoments, ksCriticalValue, ksStatistic, N, normalCdf, sample } from './testing.js';

const uniforms = (rng: Rng, n: number) => sample(n, () => rng.uniform());
const normals = (rng: Rng, n: number) => sample(n, () => rng.normal());

describe('Rng reproducibility', () => {
  it('replays the same uniforms, normals and sampler draws bit for bit from the same seed', () => {
    const mixed = (rng: Rng) =>
      sample(3000, (i) => (i % 3 === 0 ? rng.uniform() : i % 3 === 1 ? rng.normal() : gamma(rng, 0.7, 2)));
    expect(mixed(new Rng(42))).toEqual(mixed(new Rng(42)));
    expect(uniforms(new Rng('model-a'), 1000)).toEqual(uniforms(new Rng('model-a'), 1000));
    expect(normals(new Rng(-7.5), 1000)).toEqual(normals(new Rng(-7.5), 1000));
  });

  it('keeps the stream of a given seed fixed across releases, so saved results stay reproducible', () => {
    const rng = new Rng(2024);
    expect([rng.uniform(), rng.uniform(), rng.uniform(), rng.normal()]).toEqual([
      0.7454373585737079, 0.19839041296987092, 0.7092828818032617, 0.9634909437366663,
    ]);
    expect(streams(2024, 3)[2].uniform()).toBe(0.8207391224130851);
  });

  it('gives different streams for different seeds, and treats the number 1 and the string "1" apart', () => {
    const first = (seed: number | string) => new Rng(seed).uniform();
    const values = [first(1), first('1'), first(2), first(0), first(''), first(1.5)];
    expect(new Set(values).size).toBe(values.length);
  });

  it('rejects seeds that are not finite numbers or strings', () => {
    expect(() => new Rng(Number.NaN)).toThrow(DoplError);
    expect(() => new Rng(Number.POSITIVE_INFINITY)).toThrow(DoplError);
    expect(() => new Rng({} as unknown as string)).toThrow(DoplError);
  });
});

describe('Rng.uniform', () => {
  const xs = uniforms(new Rng('uniform'), N);

  it('stays strictly inside (0, 1)', () => {
    const big = uniforms(new Rng('uniform-range'), 1_000_000);
    let min = 1;
    let max = 0;
    for (const x of big) {
      min = Math.min(min, x);
      max = Math.max(max, x);
    }
    expect(min).toBeGreaterThan(0);
    expect(max).toBeLessThan(1);
  });

  it('has the mean and variance of U(0, 1)', () => {
    // U(0,1): mean 1/2, variance 1/12, μ4 = 1/80.
    expectMoments(xs, { mean: 1 / 2, variance: 1 / 12, fourth: 1 / 80 });
  });

  it('passes a Kolmogorov–Smirnov test against U(0, 1) at α = 1e-4', () => {
    expect(ksStatistic(xs, (x) => x)).toBeLessThan(ksCriticalValue(N, 1e-4));
  });

  it('shows no correlation between successive draws', () => {
    expect(Math.abs(correlation(xs.subarray(0, N - 1), xs.subarray(1)))).toBeLessThan(5 / Math.sqrt(N));
  });
});

describe('Rng.normal', () => {
  const xs = normals(new Rng('normal'), N);

  it('consumes exactly one uniform per draw, as Φ⁻¹(uniform())', () => {
    const a = new Rng(9);
    const b = new Rng(9);
    for (let i = 0; i < 1000; i++) expect(a.normal()).toBe(normalQuantile(b.uniform()));
    expect(a.uniform()).toBe(b.uniform());
  });

  it('has the mean and variance of N(0, 1)', () => {
    // N(0,1): mean 0, variance 1, μ4 = 3.
    expectMoments(xs, { mean: 0, variance: 1, fourth: 3 });
  });

  it('passes a Kolmogorov–Smirnov test against N(0, 1) at α = 1e-4', () => {
    expect(ksStatistic(xs, normalCdf)).toBeLessThan(ksCriticalValue(N, 1e-4));
  });
});

describe('independent streams', () => {
  it('gives stream i independently of how many streams were requested', () => {
    expect(uniforms(streams('run', 4)[2], 1000)).toEqual(uniforms(streams('run', 8)[2], 1000));
    expect(uniforms(streams(3, 1)[0], 1000)).toEqual(uniforms(streams(3, 100)[0], 1000));
  });

  it('derives fork(i) from the seed and the index only, not from what the parent has drawn', () => {
    const parent = new Rng('run');
    const early = parent.fork(5);
    uniforms(parent, 100);
    expect(uniforms(parent.fork(5), 1000)).toEqual(uniforms(early, 1000));
    expect(uniforms(new Rng('run').fork(5), 1000)).toEqual(uniforms(streams('run', 6)[5], 1000));
  });

  it('gives distinct streams along distinct fork paths', () => {
    const root = new Rng(11);
    const paths = [
      root,
      root.fork(0),
      root.fork(1),
      root.fork(0).fork(1),
      root.fork(1).fork(0),
      root.fork(10),
    ];
    const firsts = paths.map((rng) => rng.uniform());
    expect(new Set(firsts).size).toBe(firsts.length);
  });

  it('produces mutually uncorrelated streams, and streams uncorrelated with their parent', () => {
    const tolerance = 5 / Math.sqrt(N);
    const draws = [...streams(7, 4), new Rng(7)].map((rng) => uniforms(rng, N));
    for (let i = 0; i < draws.length; i++) {
      for (let j = i + 1; j < draws.length; j++) {
        expect(Math.abs(correlation(draws[i], draws[j])), `streams ${i} and ${j}`).toBeLessThan(tolerance);
      }
    }
  });

  it('produces uncorrelated streams from adjacent numeric seeds', () => {
    const a = uniforms(new Rng(1), N);
    const b = uniforms(new Rng(2), N);
    expect(Math.abs(correlation(a, b))).toBeLessThan(5 / Math.sqrt(N));
  });

  it('rejects stream indices and counts that are not non-negative integers', () => {
    const rng = new Rng(1);
    expect(() => rng.fork(-1)).toThrow(DoplError);
    expect(() => rng.fork(1.5)).toThrow(DoplError);
    expect(() => streams(1, -2)).toThrow(DoplError);
    expect(streams(1, 0)).toEqual([]);
  });
});

describe('checkpointing', () => {
  it('resumes a stream exactly where state() was taken, also after a JSON round trip', () => {
    const rng = new Rng('chain-1');
    uniforms(rng, 123);
    rng.normal();
    const checkpoint = rng.state();
    const restored = Rng.fromState(JSON.parse(JSON.stringify(checkpoint)) as RngState);
    const expected = sample(1000, () => gamma(rng, 0.4, 1));
    expect(sample(1000, () => gamma(restored, 0.4, 1))).toEqual(expected);
  });

  it('returns a snapshot that neither follows nor steers the live generator', () => {
    const rng = new Rng(5);
    const checkpoint = rng.state();
    const first = rng.uniform();
    (checkpoint.generator.X as number[])[0] ^= 1;
    expect(Rng.fromState(rng.state()).uniform()).toBe(rng.uniform());
    expect(new Rng(5).uniform()).toBe(first);
  });

  it('lets a restored generator fork the same streams as the original', () => {
    const rng = new Rng('chain-2');
    uniforms(rng, 10);
    const restored = Rng.fromState(rng.state());
    expect(uniforms(restored.fork(3), 100)).toEqual(uniforms(rng.fork(3), 100));
  });

  it('rejects objects that are not checkpoints', () => {
    const good = new Rng(1).state();
    const bad: unknown[] = [
      {},
      { ...good, key: 3 },
      { ...good, generator: { ...good.generator, X: good.generator.X.slice(1) } },
      { ...good, generator: { ...good.generator, i: 128 } },
      { ...good, generator: { ...good.generator, w: 0.5 } },
    ];
    for (const state of bad) expect(() => Rng.fromState(state as RngState)).toThrow(DoplError);
  });
});
