import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixtureDir, hasStackTrace, removeFixtures, runMain } from '../../../cli/src/test-util.js';

// Malformed programs and data through the command line, none of them in errors/: each must exit
// 1 and print `file:line:col: message`, the source line and a caret under the column, with no
// stack trace and nothing on stdout. Files are m.dopl (the model) and d.json or d.csv (its data);
// messages are shown relative to the fixture directory.

afterAll(removeFixtures);

interface Case {
  readonly files: Record<string, string>;
  /** The command's words after the model file; default `check` with the data file if any. */
  readonly command?: string;
  readonly args?: readonly string[];
  readonly first: string;
  /** The source line under the message, as printed (tabs shown as spaces). */
  readonly line: string;
  readonly caret: string;
}

const M = (text: string, data?: Record<string, string>): Record<string, string> => ({
  'm.dopl': text,
  ...data,
});
const SERIES = 'data N: int\ndata y: real[N]\nmu ~ Normal(0, 1)\ny ~ Normal(mu, 1)\n';

const cases: Record<string, Case> = {
  'a misspelt data keyword': {
    files: M('dta N: int\nmu ~ Normal(0, 1)\n'),
    first: "m.dopl:1:1: expected a statement, found 'dta N' (did you mean data?)",
    line: 'dta N: int',
    caret: '^',
  },
  'a misspelt factor keyword': {
    files: M('mu ~ Normal(0, 1)\nfactr lik := -mu^2\n'),
    first: "m.dopl:2:1: expected a statement, found 'factr lik' (did you mean factor?)",
    line: 'factr lik := -mu^2',
    caret: '^',
  },
  'a misspelt distribution': {
    files: M('mu ~ Normla(0, 1)\n'),
    first: "m.dopl:1:6: unknown distribution 'Normla' (did you mean Normal?)",
    line: 'mu ~ Normla(0, 1)',
    caret: '     ^',
  },
  'a distribution in lower case': {
    files: M('sigma ~ halfnormal(1)\n'),
    first: "m.dopl:1:9: unknown distribution 'halfnormal' (did you mean HalfNormal?)",
    line: 'sigma ~ halfnormal(1)',
    caret: '        ^',
  },
  'Poisson misspelt on the second line': {
    files: M('lam ~ HalfNormal(1)\ny ~ Poison(lam)\n'),
    first: "m.dopl:2:5: unknown distribution 'Poison' (did you mean Poisson?)",
    line: 'y ~ Poison(lam)',
    caret: '    ^',
  },
  'one closing parenthesis too many': {
    files: M('mu ~ Normal(0, 1))\n'),
    first: "m.dopl:1:18: expected the end of the statement, found ')'",
    line: 'mu ~ Normal(0, 1))',
    caret: '                 ^',
  },
  'no opening parenthesis': {
    files: M('mu ~ Normal 0, 1)\n'),
    first: "m.dopl:1:13: expected '(', found '0'",
    line: 'mu ~ Normal 0, 1)',
    caret: '            ^',
  },
  'an unclosed declared shape': {
    files: M('z[3 ~ Normal(0, 1)\n'),
    first: "m.dopl:1:5: expected ']', found '~'",
    line: 'z[3 ~ Normal(0, 1)',
    caret: '    ^',
  },
  'four arguments to Normal': {
    files: M('mu ~ Normal(0, 1, 2, 3)\n'),
    first: 'm.dopl:1:19: Normal takes at most 2 arguments (mu, sigma), got 4',
    line: 'mu ~ Normal(0, 1, 2, 3)',
    caret: '                  ^',
  },
  'a function called with no argument': {
    files: M('mu ~ Normal(0, 1)\nx := log_sum_exp()\n'),
    first: 'm.dopl:2:6: log_sum_exp takes 1 argument, got 0',
    line: 'x := log_sum_exp()',
    caret: '     ^',
  },
  'where with two arguments': {
    files: M('mu ~ Normal(0, 1)\nx := where(mu > 0, mu)\n'),
    first: 'm.dopl:2:6: where takes 3 arguments, got 2',
    line: 'x := where(mu > 0, mu)',
    caret: '     ^',
  },
  'a bound with no value': {
    files: M('data x: real<lower=>\n'),
    first: "m.dopl:1:20: expected an expression after '=', found '>'",
    line: 'data x: real<lower=>',
    caret: '                   ^',
  },
  'a bound without =': {
    files: M('data x: real<lower 0>\n'),
    first: "m.dopl:1:20: expected '=', found '0'",
    line: 'data x: real<lower 0>',
    caret: '                   ^',
  },
  'a bound list never closed': {
    files: M('s: real<lower=0 ~ Normal(0, 1)\n'),
    first: "m.dopl:1:17: expected '>', found '~'",
    line: 's: real<lower=0 ~ Normal(0, 1)',
    caret: '                ^',
  },
  'an int bound naming unknown data': {
    files: M('data K: int\ndata y: int<lower=0, upper=Kx - 1>[3]\n'),
    first: "m.dopl:2:28: unknown name 'Kx'",
    line: 'data y: int<lower=0, upper=Kx - 1>[3]',
    caret: '                           ^',
  },
  'a data bound reading an array': {
    files: M('data c: int[2]\ndata e: real<upper=c>\n'),
    first:
      "m.dopl:2:20: a bound of data must be a number or scalar data, but 'c' is declared int with dimensions",
    line: 'data e: real<upper=c>',
    caret: '                   ^',
  },
  'a real bound from real data that the data breaks': {
    files: M('data ub: real\ndata x: real<upper=ub>[2]\n', { 'd.json': '{"ub": 1.5, "x": [1, 2]}' }),
    first: "m.dopl:2:6: data 'x' holds 2, outside its declared bounds [-inf, 1.5]",
    line: 'data x: real<upper=ub>[2]',
    caret: '     ^',
  },
  'an int bound K - 1 that the data breaks': {
    files: M('data K: int\ndata y: int<lower=0, upper=K - 1>[3]\n', { 'd.json': '{"K": 3, "y": [0, 2, 3]}' }),
    first: "m.dopl:2:6: data 'y' holds 3, outside its declared bounds [0, 2]",
    line: 'data y: int<lower=0, upper=K - 1>[3]',
    caret: '     ^',
  },
  'a constant index one past the end': {
    files: M('z[3] ~ Normal(0, 1)\nlast := z[3]\n'),
    first: 'm.dopl:2:10: index 3 is out of range for an axis of length 3: indices run 0 … 2',
    line: 'last := z[3]',
    caret: '         ^',
  },
  'a negative constant index': {
    files: M('z[3] ~ Normal(0, 1)\nlast := z[-1]\n'),
    first:
      'm.dopl:2:10: index -1 is out of range for an axis of length 3: indices run 0 … 2; negative indices do not count from the end (a slice x[-1:] does)',
    line: 'last := z[-1]',
    caret: '         ^',
  },
  'an index from data past the end': {
    files: M(`${SERIES}last := y[N]\n`, { 'd.json': '{"N": 3, "y": [1, 2, 3]}' }),
    first: 'm.dopl:5:10: index N = 3 is out of range for an axis of length 3: indices run 0 … 2',
    line: 'last := y[N]',
    caret: '         ^',
  },
  '1-based group indices used without subtracting 1': {
    files: M(
      'data N: int\ndata J: int\ndata g: int<lower=1, upper=J>[N]\na[J] ~ Normal(0, 1)\neta := a[g]\n',
      { 'd.json': '{"N": 4, "J": 2, "g": [1, 2, 2, 1]}' },
    ),
    first: 'm.dopl:5:9: index g[1] = 2 is out of range for an axis of length 2: indices run 0 … 1',
    line: 'eta := a[g]',
    caret: '        ^',
  },
  'a 0 among 1-based indices, shifted by a structural equation': {
    files: M('data N: int\ndata J: int\ndata g: int[N]\na[J] ~ Normal(0, 1)\ngi := g - 1\neta := a[gi]\n', {
      'd.json': '{"N": 4, "J": 2, "g": [1, 2, 0, 1]}',
    }),
    first:
      'm.dopl:6:9: index gi[2] = -1 is out of range for an axis of length 2: indices run 0 … 1; negative indices do not count from the end (a slice x[-1:] does)',
    line: 'eta := a[gi]',
    caret: '        ^',
  },
  'a recurrence reading the next row': {
    files: M('data T: int\nx[0] := 0\nx[t in 1:T] := x[t + 1]\n'),
    first: 'm.dopl:3:20: a recurrence reads its own earlier rows as x[t - k] with k a whole number ≥ 1',
    line: 'x[t in 1:T] := x[t + 1]',
    caret: '                   ^',
  },
  'a recurrence reading data past its end': {
    files: M(
      'data T: int\ndata y: real[T]\ns ~ HalfNormal(1)\nx[0] ~ Normal(0, 1)\nx[t in 1:T] ~ Normal(x[t - 1] + y[t + 1], s)\n',
      { 'd.json': '{"T": 3, "y": [0.1, 0.2, 0.3]}' },
    ),
    first:
      'm.dopl:5:34: index t + 1 = 3 is out of range for an axis of length 3 when t = 2: indices run 0 … 2',
    line: 'x[t in 1:T] ~ Normal(x[t - 1] + y[t + 1], s)',
    caret: '                                 ^',
  },
  'a random recurrence whose first row is a vector': {
    files: M('data T: int\nx[0] ~ Normal([0, 0], 1)\nx[t in 1:T] ~ Normal(0.5 * x[t - 1], 1)\n', {
      'd.json': '{"T": 4}',
    }),
    first:
      "m.dopl:2:8: each row of the random recurrence 'x' is one number, but x[0] ~ Normal(…) has shape [2]; write a vector-valued series as one vectorised statement (observed: y_next ~ Dist(… y[:-1] …) observes y[1:])",
    line: 'x[0] ~ Normal([0, 0], 1)',
    caret: '       ^',
  },
  'a random recurrence of MvNormal rows': {
    files: M(
      'data T: int\nmu[2] ~ Normal(0, 1)\nx[0] ~ Normal(0, 1)\nx[t in 1:T] ~ MvNormal(mu + x[t - 1], cov=[[1, 0], [0, 1]])\n',
      { 'd.json': '{"T": 4}' },
    ),
    first:
      "m.dopl:4:15: each row of the random recurrence 'x' is one number, but x[t] ~ MvNormal(…) has shape [2]; write a vector-valued series as one vectorised statement (observed: y_next ~ Dist(… y[:-1] …) observes y[1:])",
    line: 'x[t in 1:T] ~ MvNormal(mu + x[t - 1], cov=[[1, 0], [0, 1]])',
    caret: '              ^',
  },
  "two recurrences reading each other (Stan's ARMA)": {
    files: M(
      [
        'data T: int',
        'data y: real[T]',
        'mu ~ Normal(0, 10)',
        'theta ~ Normal(0, 2)',
        'nu[0] := mu',
        'err[0] := y[0] - nu[0]',
        'nu[t in 1:T] := mu + theta * err[t - 1]',
        'err[t in 1:T] := y[t] - nu[t]',
        '',
      ].join('\n'),
    ),
    first:
      'm.dopl:7:30: cycle: nu → err → nu (recurrences cannot read each other: substitute one into the other to make one recurrence)',
    line: 'nu[t in 1:T] := mu + theta * err[t - 1]',
    caret: '                             ^',
  },
  'observes a series shorter than its mean': {
    files: M(
      'data T: int\ndata y: real[T]\nphi ~ Normal(0, 1)\nmu := phi * y[:-1]\ny_next ~ Normal(mu, 1) observes y[3:]\n',
      { 'd.json': '{"T": 6, "y": [0.5, -0.2, 0.1, 0.4, 0.3, 0.2]}' },
    ),
    first:
      "m.dopl:5:10: Normal: its arguments have shape [5], which does not fit the observed value's shape [3]",
    line: 'y_next ~ Normal(mu, 1) observes y[3:]',
    caret: '         ^',
  },
  'a factor with an axis out of range': {
    files: M('z[3] ~ Normal(0, 1)\nfactor f := log_sum_exp(z, axis=2)\n'),
    first: "m.dopl:2:13: axis 2 is out of range for shape [3] in 'log_sum_exp(z, axis=2)'",
    line: 'factor f := log_sum_exp(z, axis=2)',
    caret: '            ^',
  },
  'a recurrence step of another shape than its rows': {
    files: M('data T: int\ndata y: real[T]\nx[0] := 0\nx[t in 1:T] := x[t - 1] + y\n', {
      'd.json': '{"T": 3, "y": [1, 2, 3]}',
    }),
    first: 'm.dopl:4:25: the step x[t] has shape [3], but the initial rows have shape []',
    line: 'x[t in 1:T] := x[t - 1] + y',
    caret: '                        ^',
  },
  'a name used but never defined': {
    files: M('y := mu + 1\n'),
    first: "m.dopl:1:6: unknown name 'mu'",
    line: 'y := mu + 1',
    caret: '     ^',
  },
  'a parameter defined twice (~ then :=)': {
    files: M('mu ~ Normal(0, 1)\nmu := 3\n'),
    first: "m.dopl:2:1: 'mu' is defined twice (first at line 1)",
    line: 'mu := 3',
    caret: '^',
  },
  'data declared twice': {
    files: M('data N: int\ndata N: real\n'),
    first: "m.dopl:2:6: 'N' is defined twice (first at line 1)",
    line: 'data N: real',
    caret: '     ^',
  },
  'a Greek letter as a name': {
    files: M('μ ~ Normal(0, 1)\n'),
    first: "m.dopl:1:1: unexpected character 'μ': names use the letters A–Z and a–z, digits and _",
    line: 'μ ~ Normal(0, 1)',
    caret: '^',
  },
  'an empty file': {
    files: M(''),
    first:
      'm.dopl:1:1: the file is empty: a model needs at least one statement (name ~ Dist(…), name := expr, data name: type)',
    line: '',
    caret: '^',
  },
  'a file of comments only': {
    files: M('// a model to come\n/* mu ~ Normal(0, 1) */\n'),
    first:
      'm.dopl:1:1: the file holds only comments: a model needs at least one statement (name ~ Dist(…), name := expr, data name: type)',
    line: '// a model to come',
    caret: '^',
  },
  'Windows line endings: positions count \\r\\n as one line end': {
    files: M('mu ~ Normal(0, 1)\r\nsigma ~ HalfNormal(1)\r\n\r\ny := (mu +\r\n  tua * sigma)\r\n'),
    first: "m.dopl:5:3: unknown name 'tua'",
    line: '  tua * sigma)',
    caret: '  ^',
  },
  'tabs count as one column and print as one space': {
    files: M('mu ~ Normal(0, 1)\n\tx :=\tmu +\ttua\n'),
    first: "m.dopl:2:12: unknown name 'tua'",
    line: ' x := mu + tua',
    caret: '           ^',
  },
  'a block comment never closed': {
    files: M('mu ~ Normal(0, 1)\n/* a note\nx := 1\n'),
    first: "m.dopl:2:1: unterminated comment: '/*' has no closing '*/'",
    line: '/* a note',
    caret: '^',
  },
  'an ordered matrix': {
    files: M('c: ordered[2, 2] ~ Normal(0, 1)\n'),
    first: 'm.dopl:1:12: ordered is a vector: give one dimension, ordered[K], not 2',
    line: 'c: ordered[2, 2] ~ Normal(0, 1)',
    caret: '           ^',
  },
  'a Cholesky correlation factor that is not square': {
    files: M('L: cholesky_corr[2, 3] ~ LKJCholeskyCorr(eta=2)\n'),
    first: 'm.dopl:1:21: cholesky_corr is a square matrix, but its dimensions differ: [2, 3]',
    line: 'L: cholesky_corr[2, 3] ~ LKJCholeskyCorr(eta=2)',
    caret: '                    ^',
  },
  'a string in the model': {
    files: M('mu ~ Normal("0", 1)\n'),
    first: "m.dopl:1:13: unexpected character '\"'",
    line: 'mu ~ Normal("0", 1)',
    caret: '            ^',
  },
  'a bound that reads itself': {
    files: M('s: real<lower=0, upper=s> ~ Normal(0, 1)\n'),
    first:
      "m.dopl:1:24: 's' reads itself; to build s from its earlier rows write a recurrence s[t in 1:T] := … s[t - 1] …",
    line: 's: real<lower=0, upper=s> ~ Normal(0, 1)',
    caret: '                       ^',
  },
  'Uniform with its bounds the wrong way round': {
    files: M('a ~ Uniform(2, 1)\n'),
    first: 'm.dopl:1:16: Uniform: upper must be greater than lower, got lower = 2 and upper = 1',
    line: 'a ~ Uniform(2, 1)',
    caret: '               ^',
  },
  'a scale computed from data that is negative': {
    files: M('data T: int\nb ~ Normal(0, T - 13)\n', { 'd.json': '{"T": 12}' }),
    first: 'm.dopl:2:17: Normal(sigma): sigma must be > 0, got -1 (computed from data)',
    line: 'b ~ Normal(0, T - 13)',
    caret: '                ^',
  },
  'an empty interval computed from constants': {
    files: M('a ~ Uniform(0, 1)\nb: real<lower=0, upper=1 - 1> ~ Flat()\n'),
    first: 'm.dopl:2:26: the upper bound 0 must be greater than the lower bound 0',
    line: 'b: real<lower=0, upper=1 - 1> ~ Flat()',
    caret: '                         ^',
  },
  'a parameter bound from data above its upper bound': {
    files: M('data K: int\nb: real<lower=K, upper=2> ~ Flat()\n', { 'd.json': '{"K": 3}' }),
    first: 'm.dopl:2:24: the upper bound 2 must be greater than the lower bound 3',
    line: 'b: real<lower=K, upper=2> ~ Flat()',
    caret: '                       ^',
  },
  'a matrix product of mismatched vectors': {
    files: M('a[3] ~ Normal(0, 1)\nb[2] ~ Normal(0, 1)\nc := a @ b\n'),
    first: "m.dopl:3:8: matmul: inner dimensions differ, [3] @ [2] in 'a @ b'",
    line: 'c := a @ b',
    caret: '       ^',
  },
  'a string among the data': {
    files: M(SERIES, { 'd.json': '{"N": 3, "y": [1, "2", 3]}' }),
    first: "d.json:1:19: data 'y'[1] is \"2\", not a number ('y' is declared at m.dopl:2)",
    line: '{"N": 3, "y": [1, "2", 3]}',
    caret: '                  ^',
  },
  'NaN on the second line of the data': {
    files: M(SERIES, { 'd.json': '{"N": 3,\n "y": [1, NaN, 3]}' }),
    first: "d.json:2:11: data 'y'[1] is NaN ('y' is declared at m.dopl:2)",
    line: ' "y": [1, NaN, 3]}',
    caret: '          ^',
  },
  'NaN in a JSON file with Windows line endings and tabs': {
    files: M(SERIES, { 'd.json': '{\r\n\t"N": 3,\r\n\t"y": [1, 2, NaN]\r\n}\r\n' }),
    first: "d.json:3:14: data 'y'[2] is NaN ('y' is declared at m.dopl:2)",
    line: ' "y": [1, 2, NaN]',
    caret: '             ^',
  },
  'null for a whole vector': {
    files: M(SERIES, { 'd.json': '{"N": 3, "y": null}' }),
    first: "d.json:1:15: data 'y' is null, not a number ('y' is declared at m.dopl:2)",
    line: '{"N": 3, "y": null}',
    caret: '              ^',
  },
  'a data name missing': {
    files: M(SERIES, { 'd.json': '{"N": 3}' }),
    first: "m.dopl:2:6: data 'y' is missing from d.json (declared here as real[N])",
    line: 'data y: real[N]',
    caret: '     ^',
  },
  'a matrix where a vector is declared': {
    files: M(SERIES, { 'd.json': '{"N": 3, "y": [[1, 2, 3]]}' }),
    first: "m.dopl:2:6: data 'y' should have shape [3], got [1, 3]",
    line: 'data y: real[N]',
    caret: '     ^',
  },
  'a name given twice in the JSON object': {
    files: M(SERIES, { 'd.json': '{"N": 3, "y": [1, 2, 3], "N": 4}' }),
    first: "d.json:1:26: 'N' is given twice in this object (first at 1:2)",
    line: '{"N": 3, "y": [1, 2, 3], "N": 4}',
    caret: '                         ^',
  },
  'true for an int dimension': {
    files: M(SERIES, { 'd.json': '{"N": true, "y": [1, 2]}' }),
    first: "m.dopl:2:6: data 'y' should have shape [1], got [2]",
    line: 'data y: real[N]',
    caret: '     ^',
  },
  'a Bernoulli outcome of 2': {
    files: M('data y: int[3]\np ~ Beta(1, 1)\ny ~ Bernoulli(p)\n', { 'd.json': '{"y": [0, 1, 2]}' }),
    first:
      "d.json:1:2: data 'y'[2] is 2, outside the support: Bernoulli takes 0 or 1 ('y' is observed at m.dopl:3)",
    line: '{"y": [0, 1, 2]}',
    caret: ' ^',
  },
  'more successes than trials': {
    files: M('data n: int[2]\ndata k: int[2]\np ~ Beta(1, 1)\nk ~ Binomial(n, p)\n', {
      'd.json': '{"n": [3, 4],\n "k": [1, 5]}',
    }),
    first:
      "d.json:2:2: data 'k'[1] is 5, outside the support: Binomial takes 0 … n, and n is 4 here ('k' is observed at m.dopl:4)",
    line: ' "k": [1, 5]}',
    caret: ' ^',
  },
  'a category past the last (1-based outcomes)': {
    files: M('data N: int\ndata y: int[N]\np: simplex[3] ~ Dirichlet([1, 1, 1])\ny ~ Categorical(p)\n', {
      'd.json': '{"N": 3, "y": [1, 2, 3]}',
    }),
    first:
      "d.json:1:10: data 'y'[2] is 3, outside the support: Categorical has 3 categories, 0 … 2 ('y' is observed at m.dopl:4)",
    line: '{"N": 3, "y": [1, 2, 3]}',
    caret: '         ^',
  },
  'a negative count': {
    files: M('data y: int[3]\nlam ~ HalfNormal(1)\ny ~ Poisson(lam)\n', { 'd.json': '{"y": [1, -2, 3]}' }),
    first:
      "d.json:1:2: data 'y'[1] is -2, outside the support: Poisson takes whole numbers ≥ 0 ('y' is observed at m.dopl:3)",
    line: '{"y": [1, -2, 3]}',
    caret: ' ^',
  },
  'a fractional count declared real': {
    files: M('data y: real[3]\nlam ~ HalfNormal(1)\ny ~ Poisson(lam)\n', { 'd.csv': 'y\n1\n2.5\n3\n' }),
    first: "m.dopl:3:5: observed 'y'[1] is 2.5, outside the support: Poisson takes whole numbers",
    line: 'y ~ Poisson(lam)',
    caret: '    ^',
  },
  'a ragged CSV row': {
    files: M(SERIES, { 'd.csv': 'y\n1\n2,3\n4\n' }),
    first: 'd.csv:3:3: row has 2 values, but the header has 1 column',
    line: '2,3',
    caret: '  ^',
  },
  'a ragged CSV row with Windows line endings': {
    files: M(SERIES, { 'd.csv': 'y\r\n1\r\n2,\r\n' }),
    first: 'd.csv:3:3: row has 2 values, but the header has 1 column',
    line: '2,',
    caret: '  ^',
  },
  'a name given by two data files': {
    files: M(SERIES, { 'd.json': '{"N": 3}', 'e.json': '{"y": [1, 2, 3],\n "N": 3}' }),
    args: ['--data', 'e.json'],
    first: "e.json:2:2: 'N' is also given in d.json",
    line: ' "N": 3}',
    caret: ' ^',
  },
  'text in a CSV column': {
    files: M(SERIES, { 'd.csv': 'y\n1\nabc\n3\n' }),
    first: "d.csv:3:1: 'abc' in column 'y' is not a number",
    line: 'abc',
    caret: '^',
  },
  'CSV columns for a matrix not named X[j]': {
    files: M('data N: int\ndata K: int\ndata X: real[N, K]\n', { 'd.csv': 'x1,x2\n1,2\n' }),
    first:
      "d.csv:1:1: column 'x1' is not declared as data in the model (its data: N, K, X); a matrix X is given as columns X[0], X[1], …",
    line: 'x1,x2',
    caret: '^',
  },
  'a gap among the CSV columns of a matrix': {
    files: M('data N: int\ndata K: int\ndata X: real[N, K]\n', { 'd.csv': 'X[0],X[2]\n1,2\n' }),
    first: "d.csv:1:1: matrix 'X' has columns up to X[2] but no X[1]",
    line: 'X[0],X[2]',
    caret: '^',
  },
  'prior draws of an improper prior': {
    files: M('a ~ Uniform(0, 1)\nb: real<lower=0, upper=a> ~ Flat()\n'),
    command: 'prior',
    first:
      "m.dopl:2:1: 'b' has the improper prior Flat(), which has no draws: give it a proper prior to sample the prior",
    line: 'b: real<lower=0, upper=a> ~ Flat()',
    caret: '^',
  },
  'a byte-order mark does not count as a character': {
    files: M('\ufeffmu ~ Normal(0, 1)\nx := mu + tua\n'),
    first: "m.dopl:2:11: unknown name 'tua'",
    line: 'x := mu + tua',
    caret: '          ^',
  },
  'a for loop': {
    files: M('data T: int\nfor t in 1:T\n'),
    first:
      "m.dopl:2:1: dopl has no 'for' loops: arithmetic is elementwise over whole arrays, and a row that reads earlier rows is a recurrence, x[t in 1:T] := … x[t - 1] …",
    line: 'for t in 1:T',
    caret: '^',
  },
  "Stan's target +=": {
    files: M('mu ~ Normal(0, 1)\ntarget += normal_lpdf(mu, 0, 1)\n'),
    first: "m.dopl:2:1: dopl has no 'target +=': add a term to the log-density with factor NAME := expr",
    line: 'target += normal_lpdf(mu, 0, 1)',
    caret: '^',
  },
  'a semicolon at the end of a statement': {
    files: M('mu ~ Normal(0, 1);\n'),
    first: "m.dopl:1:18: unexpected character ';': a statement ends at the end of its line, with no ;",
    line: 'mu ~ Normal(0, 1);',
    caret: '                 ^',
  },
  'dopl graph on a model with a duplicate': {
    files: M('mu ~ Normal(0, 1)\nmu ~ Normal(1, 1)\n'),
    command: 'graph',
    first: "m.dopl:2:1: 'mu' is defined twice (first at line 1)",
    line: 'mu ~ Normal(1, 1)',
    caret: '^',
  },
  'dopl fit --out on NaN data writes no directory': {
    files: M(SERIES, { 'd.json': '{"N": 2, "y": [NaN, 1]}' }),
    command: 'fit',
    args: ['--method', 'advi', '--out', 'OUT'],
    first: "d.json:1:16: data 'y'[0] is NaN ('y' is declared at m.dopl:2)",
    line: '{"N": 2, "y": [NaN, 1]}',
    caret: '               ^',
  },
  'sample --out on bad data writes no directory': {
    files: M(SERIES, { 'd.json': '{"N": 3, "y": [1, 2]}' }),
    command: 'sample',
    args: ['--out', 'OUT', '--draws', '10', '--tune', '10'],
    first: "m.dopl:2:6: data 'y' should have shape [3], got [2]",
    line: 'data y: real[N]',
    caret: '     ^',
  },
  'sample --out on a bad model writes no directory': {
    files: M('mu ~ Normal(0, 1)\nsigma ~ HalfNormal(-1)\n'),
    command: 'sample',
    args: ['--out', 'OUT', '--draws', '10', '--tune', '10'],
    first: 'm.dopl:2:20: HalfNormal(sigma): sigma must be > 0, got -1',
    line: 'sigma ~ HalfNormal(-1)',
    caret: '                   ^',
  },
};

describe('malformed programs and data: file:line:col, the line, a caret, exit 1', () => {
  it('has at least 30 cases', () => expect(Object.keys(cases).length).toBeGreaterThanOrEqual(30));

  for (const [title, c] of Object.entries(cases)) {
    it(title, async () => {
      const dir = fixtureDir(c.files);
      const data = Object.keys(c.files).find((f) => f.startsWith('d.'));
      const out = join(dir, 'OUT');
      const r = await runMain([
        c.command ?? 'check',
        join(dir, 'm.dopl'),
        ...(data ? ['--data', join(dir, data)] : []),
        ...(c.args ?? []).map((a) => (a === 'OUT' ? out : a in c.files ? join(dir, a) : a)),
      ]);
      const stderr = r.stderr.replaceAll(`${dir}/`, '');
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(hasStackTrace(r.stderr)).toBe(false);
      expect(stderr).not.toMatch(/internal error/);
      const [first, line, caret] = stderr.split('\n');
      expect(first).toBe(c.first);
      expect(line).toBe(c.line);
      expect(caret).toBe(c.caret);
      expect(existsSync(out)).toBe(false);
    });
  }
});

describe('files that are not a dopl model', () => {
  it('a binary file: one line, not an error per byte', async () => {
    const dir = fixtureDir({ 'm.dopl': 'mu ~ Normal(0, 1)\n\u0000\u0001\u0002ELF\n' });
    const r = await runMain(['check', join(dir, 'm.dopl')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `${join(dir, 'm.dopl')}: not a text file (it holds NUL bytes), so not a dopl model\n`,
    );
  });

  it('a data file given as the model, and a model given as data', async () => {
    const dir = fixtureDir({ 'm.dopl': SERIES, 'd.json': '{"N": 1, "y": [0]}' });
    const swapped = await runMain(['check', join(dir, 'd.json'), '--data', join(dir, 'm.dopl')]);
    expect(swapped.code).toBe(1);
    expect(swapped.stderr).toMatch(/d\.json: this is a data file; the model \(\.dopl\) comes first/);
    const asData = await runMain(['check', join(dir, 'm.dopl'), '--data', join(dir, 'm.dopl')]);
    expect(asData.code).toBe(1);
    expect(asData.stderr).toMatch(/m\.dopl: this is a model file, not data/);
  });

  it('a file with an error on every line prints the first 20 and a count', async () => {
    const text = Array.from({ length: 30 }, (_, i) => `x${i} := tua${i}`).join('\n');
    const dir = fixtureDir({ 'm.dopl': `${text}\n` });
    const r = await runMain(['check', join(dir, 'm.dopl')]);
    expect(r.code).toBe(1);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(20 * 3 + 1);
    expect(lines[57].replace(`${dir}/`, '')).toBe("m.dopl:20:8: unknown name 'tua19'");
    expect(lines[60]).toBe('… and 10 more errors');
  });
});
