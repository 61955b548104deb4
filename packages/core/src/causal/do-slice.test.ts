import { describe, expect, it } from 'vitest';
import {
  counterfactualDraws,
  DoplError,
  doIntervention,
  ModelBuilder,
  Normal,
  sampleForward,
  sum,
  twin,
} from '../index.js';

// Slice interventions `x[a:b, k] = v` and `x[a:b] = x * 1.1`: only the slice changes; the rest
// keeps its natural mechanism (its own noise), and every reader sees the new values.

const spendValues: number[][] = [
  [1, 2, 3],
  [4, 5, 6],
  [7, 8, 9],
  [10, 11, 12],
];

/** spend: data [4, 3]; w[3] ~ Normal(0, 1)·0.001 + (1, 2, 3); y := sum(spend @ w). */
function mmmLike() {
  const m = new ModelBuilder();
  const spend = m.data('spend', {}, spendValues);
  const w = m.random('w', Normal([1, 2, 3], 0.001));
  const contrib = m.let('contrib', spend.matmul(w));
  m.let('total', sum(contrib));
  return m.build();
}

describe('do() on slices', () => {
  it('a value on a slice of a data node changes the data and its readers', () => {
    const g = doIntervention(bindSpend(), { spend: { slice: [[1, 3], 2], value: 0 } });
    const node = g.get('spend');
    expect(node.kind).toBe('data');
    // Rows 1 and 2 of column 2 become 0: [1,2,3, 4,5,0, 7,8,0, 10,11,12].
    expect(node.kind === 'data' && [...node.value!.data]).toEqual([1, 2, 3, 4, 5, 0, 7, 8, 0, 10, 11, 12]);
    const d = sampleForward(g, { draws: 1, seed: 1 });
    // total = Σ_t spend[t] · w with w = (1, 2, 3) up to 0.001 noise: the data sum per column is
    // (22, 26, 15) after the intervention, so total ≈ 22 + 52 + 45 = 119 (σ ≈ 0.001·√(22²+26²+15²) ≈ 0.037).
    expect(Math.abs(d.total.data[0] - 119)).toBeLessThan(0.2);
  });

  it('a shift on a slice of a data node multiplies only the slice', () => {
    const g = doIntervention(bindSpend(), { spend: { slice: [null, 0], value: (s) => s.mul(10) } });
    const node = g.get('spend');
    expect(node.kind === 'data' && [...node.value!.data]).toEqual([
      10, 2, 3, 40, 5, 6, 70, 8, 9, 100, 11, 12,
    ]);
  });

  it('several slices apply in order, later ones winning where they overlap', () => {
    const g = doIntervention(bindSpend(), {
      spend: [
        { slice: [[0, 2]], value: -1 },
        { slice: [1, [1, 3]], value: [7, 9] },
      ],
    });
    const node = g.get('spend');
    expect(node.kind === 'data' && [...node.value!.data]).toEqual([
      -1, -1, -1, -1, 7, 9, 7, 8, 9, 10, 11, 12,
    ]);
  });

  it('a value on a slice of a random node keeps the other elements random', () => {
    const m = new ModelBuilder();
    m.random('x', Normal(0, 1), { dims: [5] });
    const g = doIntervention(m.build(), { x: { slice: [[1, 3]], value: 100 } });
    const d = sampleForward(g, { draws: 2000, seed: 2 });
    for (let i = 0; i < 2000; i++) {
      const row = d.x.data.subarray(5 * i, 5 * i + 5);
      expect(row[1]).toBe(100);
      expect(row[2]).toBe(100);
      // Outside the slice the natural draw is kept, element for element.
      expect(row[0]).toBe(d.x_natural.data[5 * i]);
      expect(row[4]).toBe(d.x_natural.data[5 * i + 4]);
    }
    // Element 0 is still N(0, 1): mean within 5/√2000.
    let s = 0;
    for (let i = 0; i < 2000; i++) s += d.x.data[5 * i];
    expect(Math.abs(s / 2000)).toBeLessThan(5 / Math.sqrt(2000));
  });

  it('a shift on a slice of a deterministic node moves its descendants exactly', () => {
    const m = new ModelBuilder();
    const a = m.data('a', {}, [1, 2, 3]);
    const v = m.let('v', a.mul(2));
    m.let('s', sum(v));
    const g = m.build();
    const bound = doIntervention(g, { v: { slice: [2], value: (x) => x.add(10) } });
    const d = sampleForward(bound, { draws: 1, seed: 0 });
    // v = (2, 4, 6) → (2, 4, 16); s = 22.
    expect([...d.v.data]).toEqual([2, 4, 16]);
    expect(d.s.data[0]).toBe(22);
  });

  it('out-of-range slices and distributions on slices are errors naming the node and axis', () => {
    const g = bindSpend();
    expect(() => doIntervention(g, { spend: { slice: [[2, 5]], value: 0 } })).toThrow(
      /do\(spend\[2:5\]\): range 2:5 is out of range or empty on axis 0 of 'spend' \(length 4/,
    );
    expect(() => doIntervention(g, { spend: { slice: [0, 3], value: 0 } })).toThrow(
      /index 3 is out of range on axis 1 of 'spend'/,
    );
    expect(() => doIntervention(g, { spend: { slice: [0, 0, 0], value: 0 } })).toThrow(/3 slice entries/);
    const m = new ModelBuilder();
    m.random('x', Normal(0, 1), { dims: [3] });
    expect(() => doIntervention(m.build(), { x: { slice: [0], value: Normal(0, 1) } })).toThrow(DoplError);
    expect(() => doIntervention(m.build(), { x: { slice: [0], value: Normal(0, 1) } })).toThrow(
      /a slice takes a value or a shift/,
    );
  });

  it('a counterfactual on a slice keeps the noise of the elements outside it', () => {
    // y[i] ~ Normal(x[i], 1) with x[3] ~ Normal(0, 1); evidence x = (1, 2, 3), y = (2, 2, 2):
    // u_y = (1, 0, −1). do(x[1:3] = 0): y_cf = (1 + 1, 0 + 0, 0 − 1) = (2, 0, −1).
    const m = new ModelBuilder();
    const x = m.random('x', Normal(0, 1), { dims: [3] });
    m.random('y', Normal(x, 1));
    const g = m.build();
    const cf = counterfactualDraws(g, {
      evidence: { x: [1, 2, 3], y: [2, 2, 2] },
      intervention: { x: { slice: [[1, 3]], value: 0 } },
      target: 'y',
      draws: 1,
      seed: 1,
    });
    expect([...cf.y.data]).toEqual([2, 0, -1]);
    const t = twin(g, {
      evidence: { x: [1, 2, 3], y: [2, 2, 2] },
      intervention: { x: { slice: [[1, 3]], value: 0 } },
    });
    const d = sampleForward(t.graph, { draws: 1, seed: 1, predictive: false });
    expect([...d.y_cf.data]).toEqual([2, 0, -1]);
  });
});

function bindSpend() {
  return mmmLike();
}
