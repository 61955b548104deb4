import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileModel, DiagnosticError } from '@dopl/dsl';
import { describe, expect, it } from 'vitest';

// The error corpus: one malformed program (and data file, where the error is in the data) per
// file in errors/, each with the message it must produce — the `file:line:col: message` line and
// the caret under the column — and, where several errors are found together, the others.

const dir = join(dirname(fileURLToPath(import.meta.url)), 'errors');

type Case = [file: string, first: string, caret: string, others?: string[]];

const corpus: Case[] = [
  ['assignment-with-equals.dopl', "assignment-with-equals.dopl:1:3: expected '~' or ':=', found '='", '  ^'],
  ['bad-character-in-name.dopl', "bad-character-in-name.dopl:2:6: unexpected character '#'", '     ^'],
  ['bad-character.dopl', "bad-character.dopl:1:19: unexpected character '$'", '                  ^'],
  ['bad-recurrence-range.dopl', "bad-recurrence-range.dopl:3:8: expected a number, found ':'", '       ^'],
  [
    'hash-comment.dopl',
    "hash-comment.dopl:1:20: '#' does not start a comment in dopl: write // (or /* … */)",
    '                   ^',
    ["hash-comment.dopl:2:1: '#' does not start a comment in dopl: write // (or /* … */)"],
  ],
  [
    'both-parametrizations.dopl',
    'both-parametrizations.dopl:1:22: Bernoulli takes p or logit_p, not both',
    '                     ^',
  ],
  [
    'cycle.dopl',
    'cycle.dopl:1:6: cycle: a → b → a (only a recurrence may read its own earlier rows)',
    '     ^',
  ],
  [
    'dangling-operator.dopl',
    "dangling-operator.dopl:2:14: expected an expression after '+', found the end of the line",
    '             ^',
  ],
  [
    'data-bool-holding-two.dopl',
    "data-bool-holding-two.dopl:2:6: data 'b' is declared bool but holds 2",
    '     ^',
  ],
  [
    'data-defined-by-equation.dopl',
    "data-defined-by-equation.dopl:2:1: 'y' is declared as data (line 1); only 'y ~ Dist(…)' may observe it",
    '^',
  ],
  [
    'data-for-a-parameter.dopl',
    "data-for-a-parameter.json:1:13: 'mu' is a random node, not data: declare it with 'data mu: …' to observe it",
    '            ^',
  ],
  [
    'data-infinity.dopl',
    "data-infinity.json:4:16: data 'sigma'[1] is Infinity, not a finite number ('sigma' is declared at data-infinity.dopl:3)",
    '               ^',
  ],
  [
    'data-int-holding-fraction.dopl',
    "data-int-holding-fraction.dopl:1:6: data 'J' is declared int but holds 1.5",
    '     ^',
  ],
  ['data-json-syntax.dopl', "data-json-syntax.json:3:3: expected ',' or '}', found '\"'", '  ^'],
  [
    'data-missing.dopl',
    "data-missing.dopl:2:6: data 'y' is missing from data-missing.json (declared here as real[J])",
    '     ^',
  ],
  [
    'data-nan.dopl',
    "data-nan.json:3:12: data 'y'[1] is NaN ('y' is declared at data-nan.dopl:2)",
    '           ^',
  ],
  [
    'data-not-an-object.dopl',
    "data-not-an-object.json:1:1: a data file holds a JSON object of name: value, found '['",
    '^',
  ],
  [
    'data-not-numbers.dopl',
    "data-not-numbers.json:3:12: data 'y'[1] is \"two\", not a number ('y' is declared at data-not-numbers.dopl:2)",
    '           ^',
  ],
  [
    'data-null.dopl',
    "data-null.json:3:12: data 'y'[1] is null, not a number ('y' is declared at data-null.dopl:2)",
    '           ^',
  ],
  [
    'data-out-of-bounds.dopl',
    "data-out-of-bounds.dopl:3:6: data 'sigma' holds -2, outside its declared bounds [0, inf]",
    '     ^',
  ],
  [
    'data-ragged.dopl',
    "data-ragged.json:4:17: data 'X' is a ragged array: X[1] has 1 entry, not 2 ('X' is declared at data-ragged.dopl:3)",
    '                ^',
  ],
  [
    'data-scale-not-positive.dopl',
    "data-scale-not-positive.dopl:2:15: Normal(sigma): sigma must be > 0, got -1 (in data 's')",
    '              ^',
  ],
  [
    'data-several-errors.dopl',
    "data-several-errors.dopl:3:6: data 'sigma' holds -2, outside its declared bounds [0, inf]",
    '     ^',
    [
      "data-several-errors.json:3:12: data 'y'[1] is NaN ('y' is declared at data-several-errors.dopl:2)",
      "data-several-errors.json:5:3: 'tau' is a random node, not data: declare it with 'data tau: …' to observe it",
    ],
  ],
  [
    'data-unknown-name.dopl',
    "data-unknown-name.json:5:3: data 'sigmma' does not match any name in the model (did you mean sigma?)",
    '  ^',
  ],
  [
    'data-upper-below-lower.dopl',
    'data-upper-below-lower.dopl:1:29: the upper bound 1 must be greater than the lower bound 5',
    '                            ^',
  ],
  ['data-wrong-shape.dopl', "data-wrong-shape.dopl:2:6: data 'y' should have shape [3], got [2]", '     ^'],
  [
    'declaration-without-colon.dopl',
    "declaration-without-colon.dopl:2:8: expected ':', found 'real'",
    '       ^',
  ],
  [
    'declaration-without-name.dopl',
    "declaration-without-name.dopl:1:6: expected a name after 'data', found ':'",
    '     ^',
  ],
  [
    'declaration-without-type.dopl',
    'declaration-without-type.dopl:1:8: expected a type, found the end of the line',
    '       ^',
  ],
  [
    'declared-shape-mismatch.dopl',
    'declared-shape-mismatch.dopl:3:1: z: declared shape [3] does not fit arguments of shape [4]',
    '^',
  ],
  [
    'distribution-as-function.dopl',
    "distribution-as-function.dopl:1:6: 'Normal' is a distribution, not a function: write name ~ Normal(…)",
    '     ^',
  ],
  [
    'distribution-shape-mismatch.dopl',
    'distribution-shape-mismatch.dopl:6:5: Normal: argument shapes do not broadcast (mu [2], sigma [3])',
    '    ^',
  ],
  [
    'distribution-wrong-case.dopl',
    "distribution-wrong-case.dopl:1:6: unknown distribution 'normal' (did you mean Normal?)",
    '     ^',
  ],
  [
    'duplicate-definition.dopl',
    "duplicate-definition.dopl:3:1: 'mu' is defined twice (first at line 1)",
    '^',
  ],
  ['empty-index.dopl', "empty-index.dopl:2:8: expected an index or a slice, found ']'", '       ^'],
  ['function-arity.dopl', 'function-arity.dopl:1:13: exp takes 1 argument, got 2', '            ^'],
  [
    'function-as-distribution.dopl',
    "function-as-distribution.dopl:1:5: 'exp' is a function, not a distribution",
    '    ^',
  ],
  [
    'initial-row-without-step.dopl',
    'initial-row-without-step.dopl:1:1: x[0] := … is an initial row, but there is no recurrence step x[t in 1:T] := …',
    '^',
  ],
  [
    'int-type-on-parameter.dopl',
    "int-type-on-parameter.dopl:1:4: 'int' is a data type; a parameter's type is real<…>, ordered, positive_ordered, simplex or cholesky_corr",
    '   ^',
  ],
  [
    'juxtaposed-names.dopl',
    "juxtaposed-names.dopl:3:13: expected the end of the statement, found 'tau'",
    '            ^',
  ],
  [
    'keyword-argument-not-constant.dopl',
    "keyword-argument-not-constant.dopl:3:18: keyword argument 'axis' of sum must be a number, true, false, null, a list of numbers or int data",
    '                 ^',
  ],
  ['missing-parameter.dopl', "missing-parameter.dopl:1:5: Beta(alpha, beta) is missing 'beta'", '    ^'],
  [
    'missing-paren.dopl',
    "missing-paren.dopl:2:17: expected ')', found the end of the line",
    '                ^',
  ],
  [
    'missing-required-keyword.dopl',
    'missing-required-keyword.dopl:3:6: adstock_geometric needs l_max=…',
    '     ^',
  ],
  [
    'misspelt-parameter-name.dopl',
    "misspelt-parameter-name.dopl:1:16: Normal has no parameter 'sigm' (did you mean sigma?)",
    '               ^',
  ],
  [
    'negative-constant-scale.dopl',
    'negative-constant-scale.dopl:1:15: Normal(sigma): sigma must be > 0, got -1',
    '              ^',
  ],
  [
    'observes-a-parameter.dopl',
    "observes-a-parameter.dopl:2:27: 'observes' reads only data, but 'mu' is a random node",
    '                          ^',
  ],
  [
    'probability-above-one.dopl',
    'probability-above-one.dopl:1:15: Bernoulli(p): p must be in [0, 1], got 1.5',
    '              ^',
  ],
  [
    'real-condition.dopl',
    'real-condition.dopl:2:9: the condition of if … then … else needs a bool (a comparison), got a real value',
    '        ^',
  ],
  [
    'real-dimension.dopl',
    "real-dimension.dopl:2:3: dimension 'N' must be int data, but 'N' is declared real",
    '  ^',
  ],
  [
    'real-index.dopl',
    "real-index.dopl:3:8: an index must be an int, got a real value ('i' is declared real)",
    '       ^',
  ],
  [
    'recurrence-reads-before-start.dopl',
    'recurrence-reads-before-start.dopl:3:20: x[t - 2] reaches before x[0] when t = 1: the recurrence has 1 initial row',
    '                   ^',
  ],
  [
    'recurrence-reads-current-row.dopl',
    'recurrence-reads-current-row.dopl:3:18: x[t] is the row being defined; a recurrence reads only earlier rows x[t - k], k ≥ 1',
    '                 ^',
  ],
  [
    'recurrence-starts-at-zero.dopl',
    'recurrence-starts-at-zero.dopl:2:8: a recurrence starts after its initial rows: define x[0] and write x[t in 1:…]',
    '       ^',
  ],
  [
    'recurrence-without-initial-row.dopl',
    "recurrence-without-initial-row.dopl:2:1: recurrence 's' starts at t = 1, but its initial row s[0] is not defined",
    '^',
  ],
  [
    'self-reference.dopl',
    "self-reference.dopl:1:6: 'x' reads itself; to build x from its earlier rows write a recurrence x[t in 1:T] := … x[t - 1] …",
    '     ^',
  ],
  [
    'several-errors.dopl',
    "several-errors.dopl:1:6: unknown distribution 'Normall' (did you mean Normal?)",
    '     ^',
    [
      "several-errors.dopl:2:15: unknown name 'tua'",
      'several-errors.dopl:3:20: HalfNormal(sigma): sigma must be > 0, got -2',
    ],
  ],
  [
    'several-syntax-errors.dopl',
    "several-syntax-errors.dopl:1:17: expected ')', found the end of the line",
    '                ^',
    [
      "several-syntax-errors.dopl:2:6: expected a distribution after '~', found the end of the line",
      "several-syntax-errors.dopl:3:15: expected an expression after '+', found '*'",
    ],
  ],
  [
    'shape-mismatch.dopl',
    "shape-mismatch.dopl:5:17: shapes [3], [4] do not broadcast in 'mu + z + y'",
    '                ^',
  ],
  [
    'shape-on-definition.dopl',
    'shape-on-definition.dopl:3:3: x[…] := declares a shape, but a := definition takes its shape from its expression',
    '  ^',
  ],
  [
    'slice-bound-from-data.dopl',
    "slice-bound-from-data.dopl:2:6: data 'K' is declared int but holds 2.5",
    '     ^',
  ],
  [
    'slice-bound-without-data.dopl',
    "slice-bound-without-data.dopl:5:33: 'K' is used as a fixed number here, so its data is needed: pass data to compileModel",
    '                                ^',
  ],
  [
    'statement-starting-with-operator.dopl',
    "statement-starting-with-operator.dopl:1:1: expected a statement (name ~ Dist(…), name := expr, data name: type, or factor name := expr), found '+'",
    '^',
  ],
  [
    't-outside-recurrence.dopl',
    "t-outside-recurrence.dopl:1:6: 't' is defined only inside a recurrence step such as x[t in 1:T] := …",
    '     ^',
  ],
  [
    'tilde-with-number.dopl',
    "tilde-with-number.dopl:1:6: expected a distribution after '~', found '3'",
    '     ^',
  ],
  [
    'tilde-without-distribution.dopl',
    "tilde-without-distribution.dopl:1:5: expected a distribution after '~', found the end of the line",
    '    ^',
  ],
  [
    'too-many-arguments.dopl',
    'too-many-arguments.dopl:1:19: Normal takes at most 2 arguments (mu, sigma), got 3',
    '                  ^',
  ],
  [
    'unclosed-argument-list.dopl',
    "unclosed-argument-list.dopl:1:12: expected an argument after ',', found the end of the line",
    '           ^',
  ],
  [
    'unknown-bound.dopl',
    "unknown-bound.dopl:1:9: unknown bound 'lowr' (did you mean lower?); bounds are lower= and upper=",
    '        ^',
  ],
  [
    'unknown-data-type.dopl',
    "unknown-data-type.dopl:1:9: unknown data type 'reel' (did you mean real?); data is int, real or bool",
    '        ^',
  ],
  [
    'unknown-distribution.dopl',
    "unknown-distribution.dopl:1:9: unknown distribution 'HalfNormall' (did you mean HalfNormal?)",
    '        ^',
  ],
  [
    'unknown-function.dopl',
    "unknown-function.dopl:2:6: unknown function 'expp' (did you mean exp?)",
    '     ^',
  ],
  [
    'unknown-keyword-argument.dopl',
    "unknown-keyword-argument.dopl:2:13: sum has no keyword argument 'axes' (did you mean axis?)",
    '            ^',
  ],
  ['unknown-name.dopl', "unknown-name.dopl:4:15: unknown name 'tua' (did you mean tau?)", '              ^'],
  [
    'upper-below-lower.dopl',
    'upper-below-lower.dopl:1:24: the upper bound 0 must be greater than the lower bound 1',
    '                       ^',
  ],
  [
    'wrong-parameter-name.dopl',
    "wrong-parameter-name.dopl:1:16: Normal has no parameter 'sd' (its parameters: mu, sigma)",
    '               ^',
  ],
  [
    'initial-row-with-type.dopl',
    'initial-row-with-type.dopl:2:7: the initial row x[0] takes no type',
    '      ^',
  ],
  [
    'positional-after-keyword.dopl',
    'positional-after-keyword.dopl:1:19: a positional argument cannot follow keyword arguments',
    '                  ^',
  ],
  [
    'dimension-division.dopl',
    "dimension-division.dopl:3:5: '/' cannot appear in a dimension (dopl has no integer division): a dimension is whole numbers and int data joined by +, - and *",
    '    ^',
  ],
  [
    'dimension-call.dopl',
    'dimension-call.dopl:2:3: a call to sqrt(…) cannot appear in a dimension: a dimension is whole numbers and int data joined by +, - and *',
    '  ^',
  ],
  [
    'dimension-real-literal.dopl',
    'dimension-real-literal.dopl:2:7: a dimension is integer arithmetic, but 1.5 is not a whole number',
    '      ^',
  ],
  [
    'dimension-unknown-name.dopl',
    "dimension-unknown-name.dopl:3:3: unknown dimension 'Nbos' (did you mean Nobs?)",
    '  ^',
  ],
  [
    'dimension-parameter.dopl',
    "dimension-parameter.dopl:3:7: dimension 'sigma' must be int data, but 'sigma' is a random node",
    '      ^',
  ],
  [
    'dimension-int-array.dopl',
    "dimension-int-array.dopl:2:3: dimension 'J' must be a single int, but 'J' is declared with dimensions",
    '  ^',
  ],
  [
    'dimension-negative-constant.dopl',
    'dimension-negative-constant.dopl:1:5: a dimension must be ≥ 0, but 2 - 3 = -1',
    '    ^',
  ],
  [
    'dimension-negative-from-data.dopl',
    'dimension-negative-from-data.dopl:2:5: a dimension must be ≥ 0, but K - 5 = -1 (K = 4)',
    '    ^',
  ],
  [
    'simplex-empty-from-data.dopl',
    'simplex-empty-from-data.dopl:2:14: the size of a simplex must be ≥ 1, but K - 1 = 0 (K = 1)',
    '             ^',
  ],
  [
    'recurrence-length-below-rows.dopl',
    "recurrence-length-below-rows.dopl:3:12: recurrence 'x' has 1 initial row, so its length must be ≥ 1, but T - 1 = 0 (T = 1)",
    '           ^',
  ],
  [
    'dimension-missing-operand.dopl',
    "dimension-missing-operand.dopl:2:7: expected a dimension after '-', found ']'",
    '      ^',
  ],
  [
    'dimension-without-data.dopl',
    "dimension-without-data.dopl:2:14: 'K' is used as a fixed number here, so its data is needed: pass data to compileModel",
    '             ^',
    [
      "dimension-without-data.dopl:3:3: 'K' is used as a fixed number here, so its data is needed: pass data to compileModel",
    ],
  ],
];

function compileCase(file: string): DiagnosticError {
  const source = readFileSync(join(dir, file), 'utf8');
  const json = join(dir, file.replace(/\.dopl$/, '.json'));
  const dataFile = existsSync(json)
    ? { file: file.replace(/\.dopl$/, '.json'), text: readFileSync(json, 'utf8') }
    : undefined;
  try {
    compileModel(source, { file, dataFile });
  } catch (err) {
    if (err instanceof DiagnosticError) return err;
    throw err;
  }
  throw new Error(`${file} compiled without an error`);
}

describe('error corpus: every malformed program gets its file:line:col message and caret', () => {
  it('covers every file in errors/', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.dopl'));
    expect(files.sort()).toEqual(corpus.map(([f]) => f).sort());
    expect(files.length).toBeGreaterThanOrEqual(40);
  });

  for (const [file, first, caret, others = []] of corpus) {
    it(`${file}: ${first.slice(first.indexOf(': ') + 2)}`, () => {
      const err = compileCase(file);
      const lines = err.message.split('\n');
      expect(lines[0]).toBe(first);
      expect(lines[2]).toBe(caret);
      const rest = err.diagnostics.slice(1).map((d) => `${d.file}:${d.line}:${d.col}: ${d.message}`);
      expect(rest).toEqual(others);
      // A diagnostic is a message, never a stack trace.
      expect(String(err.stack)).not.toMatch(/\n\s+at /);
    });
  }
});
