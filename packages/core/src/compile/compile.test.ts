import { describe, expect, it } from 'vitest';
import {
  compile,
  DoplError,
  Exponential,
  exp,
  HalfNormal,
  log,
  ModelBuilder,
  Normal,
  Uniform,
} from '../index.js';

describe('compile', () => {
  it('a NaN produced inside the model is reported with the node that produced it', () => {
    const m = new ModelBuilder();
    const x = m.random('x', Normal(0, 1));
    const lx = m.let('log_x', log(x)); // NaN for x < 0
    m.random('y', Normal(lx, 1), { observed: 0.5 });
    const model = compile(m.build());
    expect(Number.isFinite(model.logDensity([0.5]))).toBe(true);
    let err: unknown;
    try {
      model.logDensity([-0.5]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DoplError);
    expect((err as DoplError).node).toBe('log_x');
    expect(() => model.logDensityAndGradient([-0.5], new Float64Array(1))).toThrow(/log_x/);
  });

  it('observed values outside the support give −Infinity, never NaN', () => {
    const m = new ModelBuilder();
    const s = m.random('s', HalfNormal(1));
    m.random('y', Exponential(s), { observed: [-1, 2] });
    expect(compile(m.build()).logDensity([0])).toBe(Number.NEGATIVE_INFINITY);
    const m2 = new ModelBuilder();
    const a = m2.random('a', Normal(0, 1));
    m2.random('u', Uniform(a, exp(a).add(a)), { observed: 100 });
    expect(compile(m2.build()).logDensity([0])).toBe(Number.NEGATIVE_INFINITY);
  });

  it('constrain(unconstrain(v)) round-trips and the log-density includes the log-Jacobian', () => {
    const m = new ModelBuilder();
    m.random('s', HalfNormal(2));
    const model = compile(m.build());
    const u = model.unconstrain({ s: 1.7 });
    expect(u[0]).toBeCloseTo(Math.log(1.7), 14);
    expect(model.constrain(u).s.data[0]).toBeCloseTo(1.7, 14);
    // log HalfNormal(1.7 | 2) + log |ds/du| = log(2/√(2π)/2) − 1.7²/8 + log 1.7
    const want = Math.log(2 / Math.sqrt(2 * Math.PI) / 2) - (1.7 * 1.7) / 8 + Math.log(1.7);
    expect(model.logDensity(u)).toBeCloseTo(want, 12);
  });

  it('rejects a parameter vector that is too short', () => {
    const m = new ModelBuilder();
    m.random('x', Normal(0, 1), { dims: [3] });
    expect(() => compile(m.build()).constrain([1, 2])).toThrow(/length 3/);
  });

  it('the generated code is readable: one comment per node', () => {
    const m = new ModelBuilder();
    const mu = m.random('mu', Normal(0, 1));
    m.random('y', Normal(mu, 1), { observed: [1, 2] });
    const src = compile(m.build()).source;
    expect(src).toContain('// mu');
    expect(src).toContain('// y');
  });
});
