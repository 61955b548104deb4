// @dopl/cli — the `dopl` command (its entry is cli.ts, built to dist/cli.js). The pieces below
// are exported for tools that want the same data loading and output formats.

export { type CommandSpec, commandHelp, type FlagSpec, ParsedArgs, parseArgs } from './args.js';
export { edges, nodeLabel, nodeRole, toDot, toMermaid } from './commands/graph.js';
export { checkNode, formatPpc, type NodeCheck, type PpcResult, statistics } from './commands/ppc.js';
export { constantData } from './commands/sample.js';
export { type CsvTable, dataDeclarations, type LoadedData, loadData, parseCsv } from './data.js';
export { CliError, UsageError } from './errors.js';
export {
  type JsonSummary,
  jsonSummary,
  PARAMETER_KEYS,
  type ParameterStats,
  parameterStats,
  type SamplerDiagnostics,
  samplerDiagnostics,
  stringifyJson,
  type Timing,
} from './json-summary.js';
export { errorMessage, type Io, main, mainHelp } from './main.js';
export { type LoadedModel, loadModel } from './model.js';
export { type OutputFile, writeFilesAtomically } from './output.js';
export { ProgressBars, progressLine } from './progress.js';
