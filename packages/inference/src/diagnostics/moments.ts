/**
 * Mean with one correction pass, as R does, so sums of many draws agree with the reference to
 * the last few bits rather than accumulating naive-summation error.
 */
export function mean(x: ArrayLike<number>): number {
  const n = x.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i];
  const m = s / n;
  let t = 0;
  for (let i = 0; i < n; i++) t += x[i] - m;
  return m + t / n;
}

/** Sample variance (denominator n − 1), computed about the mean to avoid cancellation. */
export function variance(x: ArrayLike<number>): number {
  const n = x.length;
  const m = mean(x);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i] - m;
    s += d * d;
  }
  return s / (n - 1);
}

export function sd(x: ArrayLike<number>): number {
  return Math.sqrt(variance(x));
}
