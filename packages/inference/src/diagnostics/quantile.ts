import { type PooledDraws, poolInput } from './draws.js';

function sorted(x: PooledDraws): Float64Array {
  return poolInput(x).sort();
}

/** Type-7 quantile of already sorted values, with R's arithmetic so results match bit for bit. */
export function sortedQuantile(s: Float64Array, prob: number): number {
  const n = s.length;
  if (n === 0) return Number.NaN;
  // 1-based index as in R: forming 1 + (n − 1)p first rounds exactly as R does, so the
  // interpolation weight, and hence the indicator x ≤ q used by tail ESS, is identical.
  const index = 1 + (n - 1) * prob;
  const lo = Math.floor(index);
  const hi = Math.ceil(index);
  const q = s[lo - 1];
  if (index > lo && s[hi - 1] !== q) {
    const h = index - lo;
    return (1 - h) * q + h * s[hi - 1];
  }
  return q;
}

/** Sample quantile, R's default `quantile(type = 7)`: linear interpolation between order statistics. */
export function quantile(x: PooledDraws, prob: number): number {
  if (!(prob >= 0 && prob <= 1)) throw new RangeError(`quantile probability must be in [0, 1], got ${prob}`);
  return sortedQuantile(sorted(x), prob);
}

export function median(x: PooledDraws): number {
  const s = sorted(x);
  const n = s.length;
  if (n === 0) return Number.NaN;
  const half = n >> 1;
  return n % 2 === 1 ? s[half] : (s[half - 1] + s[half]) / 2;
}

/**
 * Median absolute deviation scaled by 1.4826 (as R's `mad`), which makes it estimate the standard
 * deviation for normal draws.
 */
export function mad(x: PooledDraws): number {
  const values = poolInput(x);
  const m = median(values);
  return 1.4826 * median(values.map((v) => Math.abs(v - m)));
}
