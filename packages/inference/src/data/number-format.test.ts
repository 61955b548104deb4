import { describe, expect, it } from 'vitest';
import { formatCpp, formatRoundTrip } from './number-format.js';

// Expected strings are C's printf("%.Pg") (checked with R's sprintf, which calls it).
const cases: [number, string, string, string][] = [
  [0.125, '0.125', '0.125', '0.12'],
  [2.5, '2.5', '2.5', '2.5'],
  [0.766136857, '0.766137', '0.766136857', '0.77'],
  [1e-5, '1e-05', '1.0000000000000001e-05', '1e-05'],
  [123456.5, '123456', '123456.5', '1.2e+05'],
  [1234567, '1.23457e+06', '1234567', '1.2e+06'],
  [0.05, '0.05', '0.050000000000000003', '0.05'],
  [0.8, '0.8', '0.80000000000000004', '0.8'],
  [1, '1', '1', '1'],
  [100, '100', '100', '1e+02'],
  [0.0001234567, '0.000123457', '0.0001234567', '0.00012'],
  [9.9999995, '10', '9.9999994999999995', '10'],
  [-4.25617235, '-4.25617', '-4.2561723499999999', '-4.3'],
  [5e-324, '4.94066e-324', '4.9406564584124654e-324', '4.9e-324'],
  [Number.MAX_VALUE, '1.79769e+308', '1.7976931348623157e+308', '1.8e+308'],
];

describe('formatCpp', () => {
  it.each(cases)('%s', (x, g6, g17, g2) => {
    expect(formatCpp(x)).toBe(g6);
    expect(formatCpp(x, 17)).toBe(g17);
    expect(formatCpp(x, 2)).toBe(g2);
  });

  it('writes zero and non-finite values as C++ streams do', () => {
    expect(formatCpp(0)).toBe('0');
    expect(formatCpp(-0)).toBe('-0');
    expect(formatCpp(Number.NaN)).toBe('nan');
    expect(formatCpp(Number.POSITIVE_INFINITY)).toBe('inf');
    expect(formatCpp(Number.NEGATIVE_INFINITY)).toBe('-inf');
  });
});

describe('formatRoundTrip', () => {
  it('reads back as the same double', () => {
    for (const x of [0.1, 1 / 3, 5e-324, Number.MAX_VALUE, -1e21, 1e-7, 123, 2 ** 53 + 2]) {
      expect(Number(formatRoundTrip(x))).toBe(x);
    }
    expect(formatRoundTrip(-0)).toBe('-0');
    expect(formatRoundTrip(Number.NaN)).toBe('nan');
    expect(formatRoundTrip(Number.NEGATIVE_INFINITY)).toBe('-inf');
  });
});
