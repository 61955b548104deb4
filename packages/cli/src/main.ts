import { readFileSync } from 'node:fs';
import { DoplError } from '@dopl/core';
import { DiagnosticError, formatDiagnostic, formatDiagnostics } from '@dopl/dsl';
import { type CommandSpec, commandHelp, type ParsedArgs, parseArgs } from './args.js';
import { checkSpec, runCheck } from './commands/check.js';
import type { Io } from './commands/common.js';
import { fitSpec, runFit } from './commands/fit.js';
import { graphSpec, runGraph } from './commands/graph.js';
import { ppcSpec, runPpc } from './commands/ppc.js';
import { priorSpec, runPrior } from './commands/prior.js';
import { querySpec, runQuery } from './commands/query.js';
import { runSample, sampleSpec } from './commands/sample.js';
import { CliError, didYouMean, UsageError } from './errors.js';
import { nodePlace } from './node-place.js';

export type { Io } from './commands/common.js';

// The `dopl` command line: parses it, dispatches to the command, and turns every error into a
// message on stderr and exit status 1 — never a stack trace (set DOPL_DEBUG=1 to see one).
// cli.ts is the executable entry that calls `main` with the process's arguments and streams.

interface Command {
  readonly spec: CommandSpec;
  readonly run: (args: ParsedArgs, io: Io) => Promise<void>;
}

const COMMANDS: readonly Command[] = [
  { spec: checkSpec, run: runCheck },
  { spec: sampleSpec, run: runSample },
  { spec: fitSpec, run: runFit },
  { spec: priorSpec, run: runPrior },
  { spec: ppcSpec, run: runPpc },
  { spec: graphSpec, run: runGraph },
  { spec: querySpec, run: runQuery },
];

function version(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    return String(pkg.version);
  } catch {
    return 'unknown';
  }
}

export function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.spec.name.length));
  return [
    'Usage: dopl <command> [options]',
    '',
    'dopl — a probabilistic programming language: write a model, fit it, check it.',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.spec.name.padEnd(width)}  ${c.spec.summary}`),
    '',
    'Options:',
    "  -h, --help     Show this help (or a command's: dopl sample --help).",
    '  -v, --version  Show the version.',
    '',
    'Every command exits 0 on success and 1 on any error.',
    '',
  ].join('\n');
}

/** How many diagnostics to print at most. */
const MAX_DIAGNOSTICS = 20;

/** The message for an error, as printed on stderr (without a trailing newline). */
export function errorMessage(err: unknown, context: { file?: string } = {}): string {
  if (err instanceof UsageError) {
    const where = err.command ? `dopl ${err.command}` : 'dopl';
    return `${where}: ${err.message}\nRun '${where} --help' for usage.`;
  }
  if (err instanceof DiagnosticError && err.diagnostics.length > MAX_DIAGNOSTICS) {
    // A file that is not dopl at all gives an error per line: the first ones say enough.
    const rest = err.diagnostics.length - MAX_DIAGNOSTICS;
    return `${formatDiagnostics(err.diagnostics.slice(0, MAX_DIAGNOSTICS))}\n… and ${rest} more error${rest === 1 ? '' : 's'}`;
  }
  if (err instanceof DiagnosticError || err instanceof CliError) return err.message;
  if (err instanceof DoplError) {
    const node = err.node && !err.message.includes(`'${err.node}'`) ? `in '${err.node}': ` : '';
    const place =
      context.file && err.node ? nodePlace(context.file, err.node, `${node}${err.message}`) : undefined;
    if (place) return formatDiagnostic(place);
    const prefix = context.file ? `${context.file}: ` : 'error: ';
    return `${prefix}${node}${err.message}`;
  }
  if (err instanceof RangeError || err instanceof SyntaxError) {
    return `${context.file ? `${context.file}: ` : 'error: '}${err.message}`;
  }
  const message = err instanceof Error ? err.message : String(err);
  return `dopl: internal error: ${message}\n(This is a bug in dopl; run with DOPL_DEBUG=1 to see the stack trace.)`;
}

/** Runs the CLI on `argv` (the words after `dopl`); returns the exit status. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  let file: string | undefined;
  try {
    const [name, ...rest] = argv;
    if (name === undefined) {
      io.stderr.write(mainHelp());
      return 1;
    }
    if (name === '-h' || name === '--help' || name === 'help') {
      const topic = name === 'help' ? COMMANDS.find((c) => c.spec.name === rest[0]) : undefined;
      io.stdout.write(topic ? commandHelp(topic.spec) : mainHelp());
      return 0;
    }
    if (name === '-v' || name === '--version') {
      io.stdout.write(`dopl ${version()}\n`);
      return 0;
    }
    const command = COMMANDS.find((c) => c.spec.name === name);
    if (!command) {
      const hint = didYouMean(
        name,
        COMMANDS.map((c) => c.spec.name),
      );
      throw new UsageError(
        name.startsWith('-')
          ? `unknown option '${name}' (give a command first)`
          : `unknown command '${name}'${hint}`,
      );
    }
    const words = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
    if (words.includes('-h') || words.includes('--help')) {
      io.stdout.write(commandHelp(command.spec));
      return 0;
    }
    const args = parseArgs(command.spec, rest);
    file = args.positional('MODEL');
    await command.run(args, io);
    return 0;
  } catch (err) {
    io.stderr.write(`${errorMessage(err, { file })}\n`);
    if (process.env.DOPL_DEBUG && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
    return 1;
  }
}
