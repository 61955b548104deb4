import { doIntervention, isTensor, type SliceIntervention, sampleForward, Term } from '@dopl/core';
import { describe, expect, it } from 'vitest';
import { compileModel } from './compile.js';
import { DiagnosticError } from './errors.js';
import { parseQueryClauses, parseQueryTarget } from './query-clauses.js';
import { compileQuery } from './query-compile.js';

// The query texts of `dopl query`: their syntax (the language's expression rules, clauses split
// at ';') and their meaning against a model (a target node, evidence values, do() arguments).

const message = (f: () => unknown): string => {
  try {
    f();
  } catch (err) {
    if (err instanceof DiagnosticError) return err.message;
    throw err;
  }
  throw new Error('expected a DiagnosticError');
};

const SOURCE = `data T: int
data spend: real[T, 2]
x ~ Normal(0, 1)
y ~ Normal(2 * x + 1, 1)
z[3] ~ Normal(0, 1)
sales := sum(spend, axis=1) + x
`;
const spend = [
  [1, 2],
  [3, 4],
  [5, 6],
  [7, 8],
];
const graph = compileModel(SOURCE, { file: 'm.dopl', data: { T: 4, spend } });
const model = { source: SOURCE, file: 'm.dopl', graph };

describe('parseQueryClauses', () => {
  it("splits at ';', keeping each clause's column in the option text", () => {
    const cs = parseQueryClauses('x = 1;  spend[1:3, 0] = 0; ', { file: '--do' });
    expect(cs.map((c) => c.node.name)).toEqual(['x', 'spend']);
    expect(cs[1].node.pos.col).toBe(9);
    expect(cs[1].index?.map((i) => i.kind)).toEqual(['slice', 'index']);
  });

  it('reads x ~ Dist(…) as a distribution and refuses it in evidence', () => {
    const [c] = parseQueryClauses('x ~ Normal(0, 1)');
    expect(c.value.kind).toBe('dist');
    expect(
      message(() => parseQueryClauses('x ~ Normal(0, 1)', { file: '--given', distributions: false })),
    ).toBe(
      "--given:1:3: evidence is a value: write 'node = value' ('~' sets a distribution, in --do or --vs)\nx ~ Normal(0, 1)\n  ^",
    );
  });

  it('reports every bad clause, each at its column', () => {
    expect(message(() => parseQueryClauses('x = ; y = 2 +; 3 = z', { file: '--do' }))).toBe(
      [
        "--do:1:4: expected a value after '='",
        'x = ; y = 2 +; 3 = z',
        '   ^',
        "--do:1:14: expected an expression after '+', found the end of the clause",
        'x = ; y = 2 +; 3 = z',
        '             ^',
        "--do:1:16: expected a node name on the left of '=' (like x, or spend[60:81, 2])",
        'x = ; y = 2 +; 3 = z',
        '               ^',
      ].join('\n'),
    );
  });

  it("a bad character is the lexer's message", () => {
    expect(message(() => parseQueryTarget('y $ 2'))).toBe(
      "--target:1:3: unexpected character '$'\ny $ 2\n  ^",
    );
  });
});

describe('compileQuery', () => {
  it('adds the target as a deterministic node under a reserved name', () => {
    const q = compileQuery(model, { target: 'y - 2 * x' });
    expect(q.target.startsWith('__q')).toBe(true);
    expect(graph.has(q.target)).toBe(false);
    // y - 2x = 1 + u_y in every draw of the prior: mean 1.
    const draws = sampleForward(q.graph, { draws: 2000, seed: 1 });
    const t = draws[q.target].data;
    const y = draws.y.data;
    const x = draws.x.data;
    for (let i = 0; i < 5; i++) expect(t[i]).toBeCloseTo(y[i] - 2 * x[i], 12);
  });

  it('turns a value, a shift, a new mechanism and a distribution into do() arguments', () => {
    const q = compileQuery(model, { target: 'y', do: 'x = 2 * 3; z = z * 0 + 1; y ~ Normal(x, 0.5)' });
    const d = q.do!;
    expect(isTensor(d.x) && d.x.data[0]).toBe(6);
    expect(typeof d.z).toBe('function');
    expect(d.y).toHaveProperty('call');
    // The shift reads the natural value: (natural) => natural * 0 + 1 is 1 whatever z was.
    const g = doIntervention(graph, { z: d.z as (n: Term) => Term });
    const out = sampleForward(g, { draws: 3, seed: 2 });
    expect(Array.from(out.z.data)).toEqual(new Array(9).fill(1));
  });

  it('reads spend[1:3, 0] = … as a slice (0-based, half-open) and its own mention as the natural value', () => {
    const q = compileQuery(model, {
      target: 'sum(sales)',
      do: 'spend[1:3, 0] = spend[1:3, 0] * 1.5; z[2] = 4',
    });
    const s = q.do!.spend as SliceIntervention;
    expect(s.slice).toEqual([[1, 3], 0]);
    const shifted = (s.value as (n: Term) => Term)(new Term({ kind: 'ref', name: 'N' }));
    expect(shifted.expr).toEqual({
      kind: 'call',
      op: 'mul',
      args: [
        { kind: 'ref', name: 'N' },
        { kind: 'const', value: expect.objectContaining({ shape: [] }) },
      ],
    });
    const z = q.do!.z as SliceIntervention;
    expect(z.slice).toEqual([2]);
    expect(isTensor(z.value) && z.value.data[0]).toBe(4);
  });

  it('evidence values are constant expressions with the shape of their node', () => {
    const q = compileQuery(model, { target: 'y', given: 'x = 1 / 4; z = [1, 2, 3] * 2' });
    expect(Array.from(q.given!.x.data)).toEqual([0.25]);
    expect(q.given!.z.shape).toEqual([3]);
    expect(Array.from(q.given!.z.data)).toEqual([2, 4, 6]);
  });

  it('names the option, line and column of every mistake', () => {
    const cases: [Parameters<typeof compileQuery>[1], string][] = [
      [
        { target: 'y', do: 'sepnd = 1' },
        "--do:1:1: unknown node 'sepnd' (did you mean 'spend'?)\nsepnd = 1\n^",
      ],
      [{ target: 'y + sepnd' }, "--target:1:5: unknown name 'sepnd' (did you mean spend?)\ny + sepnd\n    ^"],
      [
        { target: 'z' },
        '--target:1:1: the target is an array of shape [3]; a query answers a number: take sum(z), mean(z) or an element such as z[0]\nz\n^',
      ],
      [
        { target: 'y', vs: 'z = [1, 2]' },
        "--vs:1:5: 'z' has shape [3], but this value has shape [2]\nz = [1, 2]\n    ^",
      ],
      [
        { target: 'y', do: 'spend[0:5, 0] = 0' },
        "--do:1:7: slice 0:5 is not within axis 0 of 'spend' (size 4); slices are 0-based and half-open, as in the language\nspend[0:5, 0] = 0\n      ^",
      ],
      [
        { target: 'y', do: 'spend[0:2, 1] = [1, 2, 3]' },
        '--do:1:17: spend[0:2, 1] has shape [2], but this value has shape [3]\nspend[0:2, 1] = [1, 2, 3]\n                ^',
      ],
      [
        { target: 'y', do: 'x = 1; x = 2' },
        "--do:1:8: 'x' is set twice in --do (first at column 1)\nx = 1; x = 2\n       ^",
      ],
      [
        { target: 'y', given: 'y = x' },
        "--given:1:5: evidence is a constant, but 'x' is a node: give numbers or arrays\ny = x\n    ^",
      ],
      [
        { target: 'sum(z @ z, axis=3)' },
        "--target:1:1: axis 3 is out of range for shape [] in 'sum(z @ z, axis=3)'\nsum(z @ z, axis=3)\n^",
      ],
    ];
    for (const [texts, expected] of cases) expect(message(() => compileQuery(model, texts))).toBe(expected);
  });
});
