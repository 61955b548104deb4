// sin(πx) and cos(πx) with the argument reduced exactly: forming π·x first would lose the fractional
// part of large x, and the reflection formulas of lgamma/digamma/trigamma need the zeros at integers
// to be exact.

/** sin(πx), exactly 0 at integers; NaN for ±Infinity. */
export function sinPi(x: number): number {
  // `%` is an exact remainder in IEEE arithmetic, and so is every later shift by 1 or 2.
  let r = x % 2;
  if (r > 1) r -= 2;
  else if (r < -1) r += 2;
  if (r > 0.5) r = 1 - r;
  else if (r < -0.5) r = -1 - r;
  return Math.sin(Math.PI * r);
}

/** cos(πx), exactly 0 at half-integers; NaN for ±Infinity. */
export function cosPi(x: number): number {
  let r = Math.abs(x) % 2;
  if (r > 1) r = 2 - r;
  let sign = 1;
  if (r > 0.5) {
    r = 1 - r;
    sign = -1;
  }
  // Near r = ½ the sine of the complement keeps the relative accuracy of the small result.
  return sign * (r <= 0.25 ? Math.cos(Math.PI * r) : Math.sin(Math.PI * (0.5 - r)));
}
