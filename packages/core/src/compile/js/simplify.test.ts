import { describe, expect, it } from 'vitest';
import { lgamma } from '../../special/index.js';
import { assignFirstGradientWrites, fold, parse, print, simplifyBody } from './simplify.js';

const roundTrip = (src: string) => print(parse(src)!);
const simplified = (src: string, data?: ReadonlyMap<string, Float64Array>) => {
  const e = parse(src);
  if (!e) throw new Error(`does not parse: ${src}`);
  return print(fold(e, data));
};

describe('the expression printer keeps the meaning of the parsed code', () => {
  it('keeps the parentheses that precedence and left-associativity need, and no others', () => {
    expect(roundTrip('a - (b - c)')).toBe('a - (b - c)');
    expect(roundTrip('(a - b) - c')).toBe('a - b - c');
    expect(roundTrip('a / (b * c)')).toBe('a / (b * c)');
    expect(roundTrip('-(a + b) * c')).toBe('-(a + b) * c');
    expect(roundTrip('- -x')).toBe('-(-x)');
    expect(roundTrip('(a > 0 ? b : c) + 1')).toBe('(a > 0 ? b : c) + 1');
    expect(roundTrip('a ? b : c ? d : e')).toBe('a ? b : c ? d : e');
    expect(roundTrip('x[(i + 1) * 3]')).toBe('x[(i + 1) * 3]');
    expect(roundTrip('rt.lgamma(a + 1) - Math.log(b[j])')).toBe('rt.lgamma(a + 1) - Math.log(b[j])');
  });

  it('evaluates the printed code to the same number as the source, on random inputs', () => {
    const exprs = [
      'a - (b - c) * -d / (a + 1)',
      '(a > 0 && b < 1 ? a * b : -Infinity) - -c',
      'Math.log1p(a * a) / (1 + b) - (c - d) - -(-a)',
      'a !== 0 || b === 0 ? 1 : 0',
    ];
    for (const src of exprs) {
      const f = new Function('a', 'b', 'c', 'd', `return ${src};`);
      const g = new Function('a', 'b', 'c', 'd', `return ${roundTrip(src)};`);
      for (let k = 0; k < 20; k++) {
        const args = [Math.sin(k) * 3, Math.cos(2 * k), k % 3 === 0 ? 0 : k / 7, -k / 5];
        expect(Object.is(g(...args), f(...args))).toBe(true);
      }
    }
  });

  it('leaves code outside its subset alone', () => {
    expect(parse('a ** 2')).toBeUndefined();
    expect(parse('a = b')).toBeUndefined();
    expect(parse('a == b')).toBeUndefined();
    expect(parse('out["x"]')).toBeUndefined();
    expect(parse('a, b')).toBeUndefined();
    const lines = ['    const v = x, r = y;', '    z = a ** 2;', '    { const dst = out["mu"];'];
    expect(simplifyBody(lines)).toEqual(lines);
  });
});

describe('folding', () => {
  it('evaluates literal-only work with the functions the code would call', () => {
    expect(simplified('Math.log(5)')).toBe(String(Math.log(5)));
    expect(simplified('1 / (5 * 5)')).toBe('0.04');
    expect(simplified('-0.4515827052894549 - Math.log(5) - Math.log1p(x)')).toBe(
      `${-0.4515827052894549 - Math.log(5)} - Math.log1p(x)`,
    );
    expect(simplified('rt.lgamma(4.5)')).toBe(String(lgamma(4.5)));
    expect(simplified('Math.random()')).toBe('Math.random()');
  });

  it('decides tests on literals, and drops only exact identities', () => {
    expect(simplified('5 > 0 ? -0.5 * ((x - 0) * 1) : -Infinity')).toBe('-0.5 * x');
    expect(simplified('1 > 0 && s >= 0 ? a : b')).toBe('s >= 0 ? a : b');
    expect(simplified('s >= 0 && 1 > 0 ? a : b')).toBe('s >= 0 ? a : b');
    expect(simplified('0 > 1 && s >= 0 ? a : b')).toBe('b');
    expect(simplified('k[(0 * 2 + j) * 1 + 0]')).toBe('k[j]');
    expect(simplified('0 - x')).toBe('0 - x'); // −x would turn +0 into −0
    expect(simplified('x * 0')).toBe('x * 0'); // NaN and ±∞ stay what they are
    expect(simplified('-(5)')).toBe('-5');
    expect(simplified('a * -(5)')).toBe('a * (-5)');
  });

  it('decides a test on a data array when every element agrees, and only then', () => {
    const data = new Map([
      ['pos', Float64Array.of(1, 2, 3)],
      ['mixed', Float64Array.of(1, -2, 3)],
    ]);
    expect(simplified('pos[i] > 0 ? a : -Infinity', data)).toBe('a');
    expect(simplified('0 >= pos[i] ? a : b', data)).toBe('b');
    expect(simplified('mixed[i] > 0 ? a : -Infinity', data)).toBe('mixed[i] > 0 ? a : -Infinity');
    expect(simplified('other[i] > 0 ? a : b', data)).toBe('other[i] > 0 ? a : b');
  });

  it('propagates folded constants and removes unused pure definitions, but no statement with effects', () => {
    const out = simplifyBody([
      '    const h1 = Math.log(5);',
      '    const h2 = 1 / 5;',
      '    s1 = (x - 0) * h2 - h1;',
      '    const v3 = Math.exp(y);',
      '    const v4 = v3 * 2;',
      '    const c5 = rt.cholesky(a, b);',
      '    let acc6 = 0;',
      '    acc6 += s1;',
      '    s7 = acc6;',
      '    return s7;',
    ]);
    expect(out).toEqual([
      `    s1 = x * 0.2 - ${Math.log(5)};`,
      '    const c5 = rt.cholesky(a, b);',
      '    s7 = s1;',
      '    return s7;',
    ]);
  });
});

describe('first gradient writes store instead of adding to a zero', () => {
  const run = (lines: readonly string[], theta: readonly number[], dim: number) => {
    // Stale numbers in the output: the zeroing (or a store) must cover every entry.
    const grad = new Float64Array(dim).fill(Number.NaN);
    new Function('theta', 'grad', lines.join('\n'))(theta, grad);
    return Array.from(grad);
  };
  const zeros = (dim: number) => Array.from({ length: dim }, (_, i) => `    grad[${i}] = 0;`);

  it('stores at unconditional first writes, top-level and in loops, and drops their zeroing', () => {
    const body = [
      ...zeros(6),
      '    for (let i1 = 0; i1 < 4; i1++) {',
      '      const v2 = theta[2 + i1] * 2;',
      '      grad[2 + i1] += v2;',
      '      grad[2 + i1] += 1;',
      '    }',
      '    grad[0] += theta[0];',
      '    for (let i3 = 0; i3 < 4; i3++) {',
      '      grad[2 + i3] += theta[0];',
      '    }',
      '    grad[0] += 3;',
      '    grad[1] += grad[0];',
    ];
    const out = assignFirstGradientWrites(body, '    ');
    expect(out).toEqual([
      '    grad[1] = 0;',
      '    for (let i1 = 0; i1 < 4; i1++) {',
      '      const v2 = theta[2 + i1] * 2;',
      '      grad[2 + i1] = v2;',
      '      grad[2 + i1] += 1;',
      '    }',
      '    grad[0] = theta[0];',
      '    for (let i3 = 0; i3 < 4; i3++) {',
      '      grad[2 + i3] += theta[0];',
      '    }',
      '    grad[0] += 3;',
      '    grad[1] += grad[0];',
    ]);
    const theta = [0.5, -1, 2, 3, 4, 5];
    expect(run(out, theta, 6)).toEqual(run(body, theta, 6));
  });

  it('keeps the zero where the first write is conditional or covers part of a zeroed range', () => {
    const conditional = [
      ...zeros(3),
      '    for (let i1 = 0; i1 < 3; i1++) {',
      '      if (theta[i1] > 0) {',
      '      grad[i1] += theta[i1];',
      '      }',
      '    }',
    ];
    expect(assignFirstGradientWrites(conditional, '    ')).toEqual(conditional);
    expect(run(conditional, [1, -1, 2], 3)).toEqual([1, 0, 2]);
    const partial = [
      ...zeros(3),
      '    grad[1] += 2;',
      '    for (let i1 = 0; i1 < 3; i1++) {',
      '      grad[i1] += theta[i1];',
      '    }',
    ];
    const out = assignFirstGradientWrites(partial, '    ');
    expect(out).toEqual(
      ['    grad[0] = 0;', '    grad[2] = 0;', ...partial.slice(3)].map((l) =>
        l === '    grad[1] += 2;' ? '    grad[1] = 2;' : l,
      ),
    );
    expect(run(out, [1, -1, 2], 3)).toEqual([1, 1, 2]);
  });
});
