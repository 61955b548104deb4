import { basename, extname } from 'node:path';
import type { Graph, Node } from '@dopl/core';
import { parse } from '@dopl/dsl';
import type { CommandSpec, ParsedArgs } from '../args.js';
import { loadModel } from '../model.js';
import { declaredDims } from './check.js';
import type { Io } from './common.js';

export const graphSpec: CommandSpec = {
  name: 'graph',
  summary: "Print the model's DAG as Graphviz dot or Mermaid.",
  description:
    "Print the model's directed acyclic graph: an edge from every node to the nodes that read it.\n" +
    'Parameters are ellipses, observed nodes shaded ellipses, deterministic nodes dashed boxes,\n' +
    'data plain inputs and factors octagons (hexagons in Mermaid).',
  positionals: [{ name: 'MODEL', description: 'The model file (.dopl).' }],
  flags: [
    {
      name: 'format',
      type: 'choice',
      choices: ['dot', 'mermaid'],
      metavar: 'dot|mermaid',
      description: "Output format (default 'dot').",
    },
  ],
  examples: ['dopl graph schools.dopl | dot -Tsvg > schools.svg', 'dopl graph schools.dopl --format mermaid'],
};

export type NodeRole = 'data' | 'latent' | 'observed' | 'deterministic' | 'factor';

/** A random node is observed when it has a value or is declared as data (before data is bound). */
export function nodeRole(n: Node): NodeRole {
  if (n.kind === 'random') return n.observed !== undefined || n.data ? 'observed' : 'latent';
  return n.kind === 'data' ? 'data' : n.kind;
}

/** Dimensions as the model writes them, by node (`c` → `K - 1`): see `declaredDims`. */
export type DeclaredDims = ReadonlyMap<string, string>;

function shapeText(n: Node, declared?: DeclaredDims): string {
  // Arithmetic (`c: ordered[K - 1]`) is a number in the Graph, and a placeholder without data.
  const text = declared?.get(n.name);
  if (text !== undefined) return `[${text}]`;
  const dims = n.kind === 'data' ? n.dims : n.kind === 'random' ? (n.dims ?? n.data?.dims) : undefined;
  return dims?.length ? `[${dims.join(', ')}]` : '';
}

/** What a node shows: `mu ~ Normal`, `y[N] ~ Normal`, `theta :=`, `factor lik`, `X[N, K]`. */
export function nodeLabel(n: Node, declared?: DeclaredDims): string {
  switch (n.kind) {
    case 'random':
      return `${n.name}${shapeText(n, declared)} ~ ${n.dist.name}`;
    case 'deterministic':
      return `${n.name} :=`;
    case 'factor':
      return `factor ${n.name}`;
    default:
      return `${n.name}${shapeText(n, declared)}`;
  }
}

/** Every edge parent → child, in node order. */
export function edges(graph: Graph): [string, string][] {
  const out: [string, string][] = [];
  for (const n of graph.nodes) for (const p of graph.parents(n.name)) out.push([p, n.name]);
  return out;
}

const dotString = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

const DOT_STYLE: Record<NodeRole, string> = {
  data: 'shape=plaintext',
  latent: 'shape=ellipse',
  observed: 'shape=ellipse, style=filled, fillcolor=gray80',
  deterministic: 'shape=box, style="rounded,dashed"',
  factor: 'shape=octagon',
};

export function toDot(graph: Graph, name = 'model', declared?: DeclaredDims): string {
  const lines = [
    `digraph ${dotString(name)} {`,
    '  // parameters: ellipse; observed: shaded ellipse; deterministic: dashed box; data: plain text; factor: octagon',
    '  node [fontname="Helvetica"];',
  ];
  for (const n of graph.nodes) {
    const label = nodeLabel(n, declared).replace(' ~ ', '\n~ ');
    lines.push(
      `  ${dotString(n.name)} [${DOT_STYLE[nodeRole(n)]}, label=${dotString(label).replace(/\n/g, '\\n')}];`,
    );
  }
  for (const [from, to] of edges(graph)) lines.push(`  ${dotString(from)} -> ${dotString(to)};`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

// Words Mermaid's flowchart parser takes as keywords when used as node ids.
const MERMAID_RESERVED = new Set([
  'end',
  'graph',
  'flowchart',
  'subgraph',
  'style',
  'class',
  'classDef',
  'click',
  'call',
  'href',
  'linkStyle',
  'direction',
  'default',
]);

export const mermaidId = (name: string): string => (MERMAID_RESERVED.has(name) ? `${name}_` : name);

const mermaidText = (s: string) => `"${s.replace(/"/g, '#quot;')}"`;

export function toMermaid(graph: Graph, declared?: DeclaredDims): string {
  const lines = [
    'flowchart TD',
    '  %% parameters: rounded; observed: shaded; deterministic: dashed box; data: input (parallelogram); factor: hexagon',
  ];
  for (const n of graph.nodes) {
    const id = mermaidId(n.name);
    const text = mermaidText(nodeLabel(n, declared));
    switch (nodeRole(n)) {
      case 'data':
        lines.push(`  ${id}[/${text}/]:::data`);
        break;
      case 'latent':
        lines.push(`  ${id}([${text}])`);
        break;
      case 'observed':
        lines.push(`  ${id}([${text}]):::observed`);
        break;
      case 'deterministic':
        lines.push(`  ${id}[${text}]:::deterministic`);
        break;
      case 'factor':
        lines.push(`  ${id}{{${text}}}:::factor`);
        break;
    }
  }
  for (const [from, to] of edges(graph)) lines.push(`  ${mermaidId(from)} --> ${mermaidId(to)}`);
  lines.push(
    '  classDef observed fill:#ccc,stroke:#333',
    '  classDef deterministic stroke-dasharray: 5 5',
    '  classDef data fill:none',
    '  classDef factor fill:#fff,stroke:#333',
  );
  return `${lines.join('\n')}\n`;
}

export async function runGraph(args: ParsedArgs, io: Io): Promise<void> {
  const file = args.positional('MODEL');
  const model = loadModel(file);
  const format = args.string('format') ?? 'dot';
  const declared = declaredDims(parse(model.source, { file }));
  io.stdout.write(
    format === 'mermaid'
      ? toMermaid(model.graph, declared)
      : toDot(model.graph, basename(file, extname(file)), declared),
  );
}
