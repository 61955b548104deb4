import type { Graph } from '@dopl/core';
import { type DimNode, dimText, type Program, parse } from '@dopl/dsl';
import type { CommandSpec, ParsedArgs } from '../args.js';
import { loadModel } from '../model.js';
import { DATA_FLAG, type Io } from './common.js';

export const checkSpec: CommandSpec = {
  name: 'check',
  summary: 'Parse and check a model (and its data).',
  description:
    'Parse and check a model; with --data, also check the data against its declarations.\n' +
    'Prints what the model holds and exits 0, or prints the errors and exits 1.',
  positionals: [{ name: 'MODEL', description: 'The model file (.dopl).' }],
  flags: [DATA_FLAG],
  examples: ['dopl check schools.dopl', 'dopl check schools.dopl --data schools.json'],
};

/**
 * Each node's dimensions as the model writes them (`c[K - 1]`, `x[t in 1:T]` → `x[T]`): the Graph
 * holds a number for arithmetic, and without data only a placeholder.
 */
export function declaredDims(program: Program): Map<string, string> {
  const out = new Map<string, string>();
  const put = (name: string, dims: readonly DimNode[] | undefined) => {
    if (dims?.length) out.set(name, dims.map(dimText).join(', '));
  };
  for (const s of program.statements) {
    if (s.kind === 'data') put(s.name.name, s.type.dims);
    else if (s.kind !== 'factor') {
      const t = s.target;
      if (t.step) put(t.name.name, [t.step.end]);
      // An initial row x[0] is not a shape; the step gives the recurrence's.
      else if (s.kind === 'random' && !out.has(t.name.name)) put(t.name.name, t.dims ?? t.type?.dims);
    }
  }
  return out;
}

function nodeLabel(graph: Graph, name: string, declared?: ReadonlyMap<string, string>): string {
  const text = declared?.get(name);
  if (text !== undefined) return `${name}[${text}]`;
  const n = graph.get(name);
  const dims = n.kind === 'random' ? n.dims : undefined;
  return dims?.length ? `${name}[${dims.join(', ')}]` : name;
}

/** 'parameters: mu, tau, z[J]; observed: y; …' (dims as `declared` writes them, where given). */
export function describeGraph(graph: Graph, declared?: ReadonlyMap<string, string>): string {
  const groups: [string, string[]][] = [
    ['parameters', []],
    ['observed', []],
    ['deterministic', []],
    ['factors', []],
    ['data', []],
  ];
  const add = (k: number, name: string) => groups[k][1].push(nodeLabel(graph, name, declared));
  for (const n of graph.nodes) {
    if (n.kind === 'random') add(n.observed !== undefined || n.data ? 1 : 0, n.name);
    else if (n.kind === 'deterministic') add(2, n.name);
    else if (n.kind === 'factor') add(3, n.name);
    else add(4, n.name);
  }
  return groups
    .filter(([, names]) => names.length > 0)
    .map(([label, names]) => `  ${label}: ${names.join(', ')}`)
    .join('\n');
}

export async function runCheck(args: ParsedArgs, io: Io): Promise<void> {
  const model = loadModel(args.positional('MODEL'), { dataPaths: args.strings('data') });
  const what = model.withData ? `${model.file} and its data` : model.file;
  const declared = declaredDims(parse(model.source, { file: model.file }));
  io.stdout.write(`${what}: OK\n${describeGraph(model.graph, declared)}\n`);
}
