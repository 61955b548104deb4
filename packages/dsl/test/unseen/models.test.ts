import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile, type Graph, Rng } from '@dopl/core';
import { compileModel } from '@dopl/dsl';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../../cli/src/model.js';
import { runMain } from '../../../cli/src/test-util.js';

// Models written from docs/language.md as a user would, none of them in the other tests: AR(2)
// (deterministic and random recurrences), ARMA(1,1) reading its own observed series, GARCH(1,1),
// stochastic volatility, HMM forward passes (Gaussian emissions; categorical emissions on 1-based
// observations), a hierarchical logistic regression on 1-based group indices, a mixture with
// simplex weights and ordered means, a scale bounded by another parameter, element-wise bounds
// from data, an LKJ multivariate normal, an ordered logistic regression with dimension
// arithmetic, a Poisson regression with an offset, Gaussian-process regression, and a design
// matrix read from CSV columns.
// Each must pass `dopl check`, sample through `dopl sample --json`, and print
// (graph.toString()) to text that compiles back to the same model.

const dir = join(dirname(fileURLToPath(import.meta.url)), 'models');
const models = readdirSync(dir)
  .filter((f) => f.endsWith('.dopl'))
  .map((f) => f.replace(/\.dopl$/, ''))
  .sort();

const dataOf = (name: string): string => {
  const json = join(dir, `${name}.json`);
  return existsSync(json) ? json : join(dir, `${name}.csv`);
};

/** The values a printed graph needs to compile again: its data nodes and observed constants. */
function boundData(g: Graph): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const n of g.nodes) {
    if (n.kind === 'data' && n.value) out[n.name] = n.value;
    if (n.kind === 'random' && n.data && n.observed?.kind === 'const') out[n.name] = n.observed.value;
  }
  return out;
}

it('holds the sixteen models', () => {
  expect(models).toEqual([
    'ar2-deterministic',
    'ar2-random',
    'arma11',
    'dependent-bound',
    'garch11',
    'gp-regression',
    'hier-logit',
    'hmm-categorical',
    'hmm-forward',
    'lkj-mvnormal',
    'matrix-csv',
    'ordered-logit',
    'poisson-offset',
    'simplex-ordered-mixture',
    'stochastic-volatility',
    'vector-bounds',
  ]);
});

describe('unseen models: check, sample --json, and the graph.toString() round trip', () => {
  for (const name of models) {
    const file = join(dir, `${name}.dopl`);

    it(`${name}: dopl check passes with and without data`, async () => {
      for (const args of [
        ['check', file],
        ['check', file, '--data', dataOf(name)],
      ]) {
        const r = await runMain(args);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        expect(r.stdout).toMatch(/: OK\n/);
      }
    });

    it(`${name}: dopl sample --json (2 chains × 200 draws) gives finite summaries`, async () => {
      const r = await runMain([
        'sample',
        file,
        '--data',
        dataOf(name),
        ...['--chains', '2', '--draws', '200', '--tune', '200', '--seed', '5', '--workers', '1', '--json'],
      ]);
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.chains).toBe(2);
      expect(out.draws).toBe(200);
      const g = loadModel(file, { dataPaths: [dataOf(name)] }).graph;
      // Every latent node is summarised, element by element.
      for (const n of g.nodes) {
        if (n.kind !== 'random' || n.observed) continue;
        const shape = g.shapeOf(n.name);
        const first = shape.length ? `${n.name}[${shape.map(() => 0).join(',')}]` : n.name;
        expect(out.parameters, `${name}: ${first}`).toHaveProperty([first]);
        expect(Number.isFinite(out.parameters[first].mean)).toBe(true);
        expect(Number.isFinite(out.parameters[first].sd)).toBe(true);
      }
    });

    it(`${name}: graph.toString() compiles back to the same nodes and log-density`, () => {
      const g = loadModel(file, { dataPaths: [dataOf(name)] }).graph;
      const text = g.toString();
      const back = compileModel(text, { file: `${name}.printed.dopl`, data: boundData(g) });
      expect(back.names).toEqual(g.names);
      expect(back.nodes.map((n) => n.kind)).toEqual(g.nodes.map((n) => n.kind));
      for (const n of g.nodes) expect(back.shapeOf(n.name)).toEqual(g.shapeOf(n.name));
      expect(back.toString()).toBe(text);
      // The same density: compare at three random points of the unconstrained space.
      const [a, b] = [compile(g), compile(back)];
      expect(b.dim).toBe(a.dim);
      const rng = new Rng(`roundtrip-${name}`);
      for (let k = 0; k < 3; k++) {
        const theta = Float64Array.from({ length: a.dim }, () => rng.uniform() * 2 - 1);
        const la = a.logDensity(theta);
        expect(Number.isFinite(la)).toBe(true);
        expect(b.logDensity(theta)).toBeCloseTo(la, 10);
      }
    });
  }
});
