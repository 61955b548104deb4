import { expect, test } from 'vitest';
import { compile } from '../../compile/compile.js';
import { constant, ref } from '../../graph/expr.js';
import { Graph } from '../../graph/graph.js';
import { scalar } from '../../tensor/index.js';
import { gradientError } from '../../testing/index.js';
import '../index.js';

test('smoke', () => {
  const g = new Graph([{ kind: 'random', name: 'x', dist: { name: 'Normal', args: { mu: constant(scalar(0)), sigma: constant(scalar(1)) } }, observed: constant(scalar(0.7)) }]);
  const m = compile(g);
  console.log(m.logDensity([]));
  const g2 = new Graph([
    { kind: 'random', name: 'mu', dist: { name: 'Flat', args: {} } },
    { kind: 'random', name: 's', dist: { name: 'HalfFlat', args: {} } },
    { kind: 'random', name: 'x', dist: { name: 'Normal', args: { mu: ref('mu'), sigma: ref('s') } } },
  ]);
  const m2 = compile(g2);
  console.log(m2.layout, gradientError(m2, [0.3, -0.2, 1.1]));
  console.log(m2.source);
  expect(1).toBe(1);
});
