import type { Rng } from './rng.js';

/**
 * A 0-based index drawn with probability proportional to the non-negative weights `p` (they need
 * not sum to one); zero-weight entries are never returned. NaN when no weight is positive or any is
 * negative, NaN or infinite. Each call scans `p` twice; for many draws from one fixed vector an
 * alias table would be faster.
 */
export function categorical(rng: Rng, p: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < p.length; i++) {
    const w = p[i];
    if (!(w >= 0)) return Number.NaN;
    total += w;
  }
  if (!(total > 0 && total < Number.POSITIVE_INFINITY)) return Number.NaN;
  const target = rng.uniform() * total;
  let cumulative = 0;
  let last = 0;
  for (let i = 0; i < p.length; i++) {
    const w = p[i];
    if (w > 0) {
      cumulative += w;
      last = i;
      if (target < cumulative) return i;
    }
  }
  // u·total can round up to total itself; the last positive entry owns that point.
  return last;
}
