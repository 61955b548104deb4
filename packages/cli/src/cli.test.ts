import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fixtureDir,
  hasStackTrace,
  NORMAL_CSV,
  NORMAL_JSON,
  NORMAL_MODEL,
  removeFixtures,
  runCli,
  runMain,
} from './test-util.js';

// `dopl check`, `graph`, data errors and usage errors: one case of each kind as a child process
// (the real executable path: exit status, streams), the rest through `main` in this process.

let dir: string;
const p = (name: string) => join(dir, name);

const AR_MODEL = `data T: int
data y: real[T]
phi ~ Normal(0, 1)
sigma ~ HalfNormal(1)
mu := phi * y[:-1]
y_next ~ Normal(mu, sigma) observes y[1:]
factor shrink := -phi^2
`;

afterAll(removeFixtures);

beforeAll(() => {
  dir = fixtureDir({
    'normal.dopl': NORMAL_MODEL,
    'normal.json': NORMAL_JSON,
    'normal.csv': NORMAL_CSV,
    'ar.dopl': AR_MODEL,
    'syntax.dopl': 'mu ~ Normal(0, 1\n',
    'unknown.dopl': 'mu ~ Normal(0, 1)\nx := mu + tua\n',
    'missing.json': '{ "N": 6 }',
    'shape.json': '{ "N": 6, "y": [1, 2, 3] }',
    'nan.json': '{ "N": 3, "y": [1, NaN, 3] }',
    'text.csv': 'y\n1\n2\nabc\n',
    'nan.csv': 'y\n1\nNaN\n',
    'syntax.json': '{ "N": 3, "y": [1, 2 3] }',
    'extra.csv': 'y,wrong\n1,2\n',
    'ragged.csv': 'y\n1\n2,3\n',
  });
});

/** Exit 1, and the first line of stderr is `file…: message`, with no stack trace. */
function expectError(r: { code: number; stdout: string; stderr: string }, firstLine: RegExp): void {
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr.split('\n')[0]).toMatch(firstLine);
  expect(hasStackTrace(r.stderr)).toBe(false);
  expect(r.stderr).not.toMatch(/internal error/);
}

describe.concurrent('dopl check', () => {
  it('exits 0 for a good model, with or without data (JSON or CSV)', async () => {
    const [bare, json, csv] = await Promise.all([
      runMain(['check', p('normal.dopl')]),
      runCli(['check', p('normal.dopl'), '--data', p('normal.json')]),
      runMain(['check', p('normal.dopl'), '--data', p('normal.csv')]),
    ]);
    for (const r of [bare, json, csv]) {
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(/: OK\n/);
      expect(r.stdout).toMatch(/parameters: mu, theta\[2\]/);
    }
  });

  it('reports model errors as file:line:col with the source line and a caret', async () => {
    const [syntax, unknown] = await Promise.all([
      runCli(['check', p('syntax.dopl')]),
      runMain(['check', p('unknown.dopl')]),
    ]);
    expectError(syntax, /syntax\.dopl:1:17: expected '\)'/);
    expect(syntax.stderr).toContain('mu ~ Normal(0, 1\n                ^');
    expectError(unknown, /unknown\.dopl:2:11: .*'tua'/);
  });

  it('reports a missing model file', async () => {
    expectError(await runMain(['check', p('nope.dopl')]), /nope\.dopl: no such file or directory$/);
  });
});

describe.concurrent('data errors', () => {
  const cases: [string, RegExp][] = [
    ['missing.json', /normal\.dopl:3:6: data 'y' is missing from .*missing\.json/],
    ['shape.json', /normal\.dopl:3:6: data 'y' should have shape \[6\], got \[3\]/],
    ['nan.json', /nan\.json:1:\d+: .*NaN/],
    ['syntax.json', /syntax\.json:1:\d+: expected ',' or '\]'/],
    ['text.csv', /text\.csv:4:1: 'abc' in column 'y' is not a number$/],
    ['nan.csv', /nan\.csv:3:1: value in column 'y' is NaN/],
    ['extra.csv', /extra\.csv:1:3: column 'wrong' is not declared as data in the model/],
    ['ragged.csv', /ragged\.csv:3:3: row has 2 values, but the header has 1 column$/],
    ['none.csv', /none\.csv: no such file or directory$/],
  ];
  for (const [file, message] of cases) {
    it(`${file}: exit 1 and a clear message`, async () => {
      const run = file === 'text.csv' ? runCli : runMain;
      expectError(await run(['check', p('normal.dopl'), '--data', p(file)]), message);
    });
  }

  it('sample without --data names the missing data', async () => {
    const r = await runMain(['sample', p('normal.dopl'), '--draws', '10', '--tune', '10']);
    expectError(r, /normal\.dopl:2:6: data 'N' is missing .*--data FILE/);
  });
});

describe.concurrent('dopl graph', () => {
  const nodes = ['T', 'y', 'phi', 'sigma', 'mu', 'y_next', 'shrink'];
  const edges = [
    ['T', 'y'],
    ['phi', 'mu'],
    ['y', 'mu'],
    ['mu', 'y_next'],
    ['sigma', 'y_next'],
    ['y', 'y_next'],
    ['phi', 'shrink'],
  ];

  it('--format dot has every node and edge, styled by kind', async () => {
    const r = await runCli(['graph', p('ar.dopl'), '--format', 'dot']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^digraph "ar" \{/);
    for (const n of nodes) expect(r.stdout).toMatch(new RegExp(`^  "${n}" \\[`, 'm'));
    for (const [a, b] of edges) expect(r.stdout).toContain(`  "${a}" -> "${b}";`);
    expect(r.stdout.match(/ -> /g)).toHaveLength(edges.length);
    expect(r.stdout).toMatch(/"y_next" \[[^\]]*style=filled/);
    expect(r.stdout).toMatch(/"mu" \[shape=box, style="rounded,dashed"/);
    expect(r.stdout).toMatch(/"T" \[shape=plaintext/);
    expect(r.stdout).toMatch(/"shrink" \[shape=octagon/);
  });

  it('--format mermaid has every node and edge', async () => {
    const r = await runMain(['graph', p('ar.dopl'), '--format', 'mermaid']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^flowchart TD\n/);
    for (const n of nodes) expect(r.stdout).toMatch(new RegExp(`^  ${n}[[({]`, 'm'));
    for (const [a, b] of edges) expect(r.stdout).toContain(`  ${a} --> ${b}\n`);
    expect(r.stdout.match(/ --> /g)).toHaveLength(edges.length);
    expect(r.stdout).toMatch(/y_next\(\[.*\]\):::observed/);
    expect(r.stdout).toMatch(/mu\[.*\]:::deterministic/);
  });
});

describe.concurrent('usage', () => {
  it('prints help for dopl --help and dopl sample --help', async () => {
    const [top, sample] = await Promise.all([runMain(['--help']), runCli(['sample', '--help'])]);
    expect(top.code).toBe(0);
    for (const c of ['check', 'sample', 'prior', 'ppc', 'graph'])
      expect(top.stdout).toMatch(new RegExp(`^  ${c} `, 'm'));
    expect(sample.code).toBe(0);
    expect(sample.stdout).toMatch(/^Usage: dopl sample MODEL/);
    for (const f of ['--data', '--chains', '--draws', '--tune', '--seed', '--out', '--json']) {
      expect(sample.stdout).toContain(f);
    }
  });

  const cases: [string[], RegExp][] = [
    [[], /^Usage: dopl/],
    [['smaple'], /^dopl: unknown command 'smaple' \(did you mean 'sample'\?\)$/],
    [['sample'], /^dopl sample: missing MODEL$/],
    [
      ['sample', 'm.dopl', '--chain', '2'],
      /^dopl sample: unknown option '--chain' \(did you mean '--chains'\?\)$/,
    ],
    [
      ['sample', 'm.dopl', '--draws', 'many'],
      /^dopl sample: --draws expects a positive integer, got 'many'$/,
    ],
    [['sample', 'm.dopl', '--seed'], /^dopl sample: --seed needs a value/],
    [
      ['graph', 'm.dopl', '--format', 'png'],
      /^dopl graph: --format expects one of 'dot', 'mermaid', got 'png'$/,
    ],
    [['ppc', 'm.dopl'], /^dopl ppc: missing --fit DIR$/],
    [['check', 'a.dopl', 'b.dopl'], /^dopl check: unexpected argument 'b\.dopl'$/],
  ];
  for (const [args, message] of cases) {
    it(`dopl ${args.join(' ')}: exit 1 with a usage message`, async () => {
      const r = await (args[0] === 'smaple' ? runCli : runMain)(args);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr.split('\n')[0]).toMatch(message);
      expect(hasStackTrace(r.stderr)).toBe(false);
    });
  }
});
