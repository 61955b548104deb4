// The TensorFlow.js forward of every log-density (the tfjs backend's oracle) against R, to float32
// precision.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, test } from 'vitest';
import { getOp } from '../../ops/index.js';
import { readFixture } from '../../testing/index.js';
import { getDistribution } from '../distribution.js';
import '../index.js';

interface Case {
  readonly distribution: string;
  readonly params: Readonly<Record<string, number>>;
  readonly x: readonly number[];
  readonly logpdf: readonly number[];
}
const { cases } = readFixture<{ cases: Case[] }>(
  new URL('./__fixtures__/r-distributions.json', import.meta.url),
);

beforeAll(async () => {
  // Test mode silences the cpu backend's advice to install tfjs-node.
  tf.env().set('IS_TEST', true);
  await tf.setBackend('cpu');
});

const label = (c: Case) =>
  `${c.distribution}(${Object.entries(c.params)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ')})`;

describe.each(cases.map((c) => [label(c), c] as const))('%s', (_name, c) => {
  test('the tfjs log-density equals R to float32 precision', () => {
    const { params } = getDistribution(c.distribution);
    const op = getOp(`${c.distribution.toLowerCase()}_lpdf`);
    // A vector x against scalar parameters also exercises broadcasting.
    const out = tf.tidy(() =>
      op.tf!(tf, [tf.tensor1d([...c.x]), ...params.map((p) => tf.scalar(c.params[p]))], {}),
    );
    const got = out.dataSync();
    out.dispose();
    c.x.forEach((x, i) => {
      // float32 keeps ~7 digits of each term, and the terms (lgamma(α + β), …) can be ~100.
      const tol = 2e-5 * Math.max(1, Math.abs(c.logpdf[i])) + 1e-4;
      expect(Math.abs(got[i] - c.logpdf[i]), `x = ${x}: ${got[i]} vs ${c.logpdf[i]}`).toBeLessThanOrEqual(
        tol,
      );
    });
  });
});

test('the tfjs log-density is −Infinity outside a bounded support', () => {
  const lp = (name: string, x: number, ...args: number[]) =>
    tf.tidy(
      () =>
        getOp(`${name.toLowerCase()}_lpdf`).tf!(
          tf,
          [tf.scalar(x), ...args.map((a) => tf.scalar(a))],
          {},
        ).dataSync()[0],
    );
  expect(lp('HalfNormal', -1, 1)).toBe(Number.NEGATIVE_INFINITY);
  expect(lp('Gamma', -1, 2, 1)).toBe(Number.NEGATIVE_INFINITY);
  expect(lp('Beta', 1.5, 2, 2)).toBe(Number.NEGATIVE_INFINITY);
  expect(lp('Uniform', 3, 0, 1)).toBe(Number.NEGATIVE_INFINITY);
});
