// @dopl/dsl — the dopl language: lexer, parser, semantic checks with source positions, and
// lowering to the core Graph.

export type * from './ast.js';
export { type CompileModelOptions, compileModel } from './compile.js';
export { type DataFile, parseDataJson } from './data-json.js';
export { dimText } from './dims.js';
export { type Diagnostic, DiagnosticError, formatDiagnostic, formatDiagnostics } from './errors.js';
export { aliases as functionAliases } from './functions.js';
export { type ParseOptions, parse } from './parse.js';
export {
  type ParseClausesOptions,
  parseQueryClauses,
  parseQueryTarget,
  type QueryClause,
} from './query-clauses.js';
export {
  type CompiledQuery,
  compileQuery,
  type QueryIntervention,
  type QueryModel,
  type QueryTexts,
} from './query-compile.js';
