import { type PooledDraws, poolInput } from './draws.js';

export interface Interval {
  lower: number;
  upper: number;
}

/**
 * Highest density interval by ArviZ's method: the narrowest window of sorted draws spanning
 * `floor(prob·n)` gaps, i.e. containing floor(prob·n) + 1 draws (ceil(prob·n) unless prob·n is an
 * integer). Only meaningful for unimodal distributions; ties go to the leftmost window.
 */
export function hdi(x: PooledDraws, prob = 0.94): Interval {
  if (!(prob > 0 && prob < 1)) throw new RangeError(`hdi probability must be in (0, 1), got ${prob}`);
  const s = poolInput(x).sort();
  const n = s.length;
  const span = Math.floor(prob * n);
  if (n - span <= 0 || n === 0) throw new RangeError('too few draws for an interval');
  let best = 0;
  let bestWidth = Number.POSITIVE_INFINITY;
  for (let i = 0; i + span < n; i++) {
    const width = s[i + span] - s[i];
    if (width < bestWidth) {
      bestWidth = width;
      best = i;
    }
  }
  return { lower: s[best], upper: s[best + span] };
}
