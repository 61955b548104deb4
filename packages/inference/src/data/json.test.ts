import { describe, expect, it } from 'vitest';
import { fromDraws, type InferenceData } from './inference-data.js';
import { fromJSON, toJSON } from './json.js';
import { normals } from './test-util.js';

function bits(a: Float64Array): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');
}

function expectIdentical(a: InferenceData, b: InferenceData): void {
  expect(b).toEqual(a);
  for (const group of Object.keys(a) as (keyof InferenceData)[]) {
    if (group === 'attrs') continue;
    const ga = a[group]!;
    const gb = b[group]!;
    expect(Object.keys(gb)).toEqual(Object.keys(ga));
    for (const name of Object.keys(ga)) {
      expect(gb[name].data).toBeInstanceOf(Float64Array);
      expect(bits(gb[name].data)).toBe(bits(ga[name].data));
    }
  }
}

describe('JSON', () => {
  it('round-trips a fit bit for bit, including awkward values', () => {
    const chains = [0, 1, 2].map((c) => ({
      values: { mu: normals(c, 50), beta: normals(10 + c, 150, 0, 1e-300), L: normals(20 + c, 200, 1e300) },
      stats: {
        diverging: Float64Array.from({ length: 50 }, (_, i) => (i % 7 === c ? 1 : 0)),
        energy: normals(30 + c, 50),
      },
    }));
    const special = [
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      -0,
      0,
      5e-324,
      -5e-324,
      Number.MAX_VALUE,
      Number.MIN_VALUE,
      0.1 + 0.2,
      1 / 3,
      2 ** 53 + 2,
      -1e21,
      1e-7,
    ];
    chains[0].values.mu.set(special);
    const idata = fromDraws(
      chains,
      { beta: [3], L: [2, 2] },
      {
        attrs: {
          seed: 42,
          model: 'mu ~ normal(0, 1)\n"quoted" \\ text',
          sampler: {
            algorithm: 'nuts',
            numChains: 3,
            stepSize: [0.1, 0.2, 0.3],
            inverseMetric: [
              [1, 2],
              [3, 4],
              [5, 6],
            ],
          },
        },
        observedData: { y: { shape: [2, 2], data: Float64Array.of(1, -0, Number.NaN, 3.5) } },
      },
    );
    idata.prior = { mu: { shape: [1, 4], data: Float64Array.of(1, 2, 3, 4) } };
    const text = toJSON(idata);
    const loaded = fromJSON(text);
    expectIdentical(idata, loaded);
    expect(Object.is(loaded.posterior!.mu.data[3], -0)).toBe(true);
    expect(Object.is(loaded.observed_data!.y.data[1], -0)).toBe(true);
    // Saving the loaded fit gives the same text.
    expect(toJSON(loaded)).toBe(text);
  });

  it('uses the shortest round-trip digits', () => {
    const idata = fromDraws([{ values: { x: Float64Array.of(0.1, 1 / 3, 100) } }], {});
    expect(toJSON(idata)).toContain('"data":[0.1,0.3333333333333333,100]');
  });

  it('rejects documents that are not InferenceData', () => {
    expect(() => fromJSON('{"format":"other"}')).toThrow(SyntaxError);
    expect(() =>
      fromJSON(
        '{"format":"dopl-inference-data","version":1,"attrs":{},"posterior":{"x":{"shape":[1,2],"data":[1]}}}',
      ),
    ).toThrow(/needs 2 values/);
    expect(() =>
      fromJSON(
        '{"format":"dopl-inference-data","version":1,"attrs":{},"posterior":{"x":{"shape":[1,1],"data":["nan"]}}}',
      ),
    ).toThrow(/expected a number/);
  });
});
