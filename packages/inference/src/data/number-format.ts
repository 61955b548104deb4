/**
 * Number formatting shared by the exporters: C++ iostream's default (`%g`-like) form, which CmdStan
 * uses for its comment lines, and the shortest form that reads back as the same double.
 */

/** Adds one to a string of decimal digits; may grow it by a digit ("99" → "100"). */
function incrementDigits(digits: string): string {
  const d = digits.split('');
  let i = d.length - 1;
  while (i >= 0 && d[i] === '9') {
    d[i] = '0';
    i--;
  }
  if (i < 0) return `1${d.join('')}`;
  d[i] = String(Number(d[i]) + 1);
  return d.join('');
}

/**
 * `precision` significant digits of |x| (x finite, non-zero) and the decimal exponent of the first,
 * rounded half to even on the exact binary value as glibc's printf does (JavaScript's toPrecision
 * rounds exact ties up instead).
 */
export function significantDigits(x: number, precision: number): { digits: string; exponent: number } {
  // 100 significant digits show the exact expansion far enough to see whether the cut is a tie.
  const [mantissa, exp] = Math.abs(x).toExponential(99).split('e');
  const all = mantissa.replace('.', '');
  let exponent = Number(exp);
  let digits = all.slice(0, precision);
  const rest = all.slice(precision);
  const first = rest.charCodeAt(0) - 48;
  const beyond = /[1-9]/.test(rest.slice(1));
  const lastOdd = (digits.charCodeAt(digits.length - 1) - 48) % 2 === 1;
  if (first > 5 || (first === 5 && (beyond || lastOdd))) {
    digits = incrementDigits(digits);
    if (digits.length > precision) {
      digits = digits.slice(0, precision);
      exponent++;
    }
  }
  return { digits, exponent };
}

function stripFractionZeros(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/**
 * What `std::cout << std::setprecision(precision) << x` prints (default float field, no showpoint):
 * fixed notation while the exponent is in [−4, precision), else scientific with a two-digit or
 * longer exponent; trailing zeros dropped; non-finite values as nan, inf, -inf.
 */
export function formatCpp(x: number, precision = 6): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Number.POSITIVE_INFINITY) return 'inf';
  if (x === Number.NEGATIVE_INFINITY) return '-inf';
  const sign = x < 0 || (x === 0 && 1 / x < 0) ? '-' : '';
  if (x === 0) return `${sign}0`;
  const p = Math.max(1, precision);
  const { digits, exponent } = significantDigits(x, p);
  if (exponent < -4 || exponent >= p) {
    const mantissa = stripFractionZeros(digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits);
    const e = Math.abs(exponent);
    return `${sign}${mantissa}e${exponent < 0 ? '-' : '+'}${e < 10 ? `0${e}` : e}`;
  }
  let fixed: string;
  if (exponent >= 0) {
    const intPart = digits.slice(0, exponent + 1);
    const frac = digits.slice(exponent + 1);
    fixed = frac.length > 0 ? `${intPart}.${frac}` : intPart;
  } else {
    fixed = `0.${'0'.repeat(-exponent - 1)}${digits}`;
  }
  return `${sign}${stripFractionZeros(fixed)}`;
}

/**
 * The shortest decimal that reads back as the same double (JavaScript's own number to string),
 * with -0 kept and non-finite values written as C++ streams write them (nan, inf, -inf), which R,
 * Python and C++ all read.
 */
export function formatRoundTrip(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Number.POSITIVE_INFINITY) return 'inf';
  if (x === Number.NEGATIVE_INFINITY) return '-inf';
  if (x === 0 && 1 / x < 0) return '-0';
  return String(x);
}
