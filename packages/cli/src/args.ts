import { didYouMean, UsageError } from './errors.js';

// A small argument parser: each command declares its positionals and typed flags; the parser
// checks everything up front (unknown flags, missing values, numbers out of range) and reports
// the first problem as a UsageError that names the command.

export type FlagKind =
  | { readonly type: 'boolean' }
  | { readonly type: 'string' }
  | { readonly type: 'int'; readonly min?: number; readonly max?: number }
  | { readonly type: 'number'; readonly min?: number; readonly max?: number; readonly exclusive?: boolean }
  | { readonly type: 'choice'; readonly choices: readonly string[] };

export type FlagSpec = FlagKind & {
  /** Without the dashes: 'chains'. */
  readonly name: string;
  /** Shown in the help: '--chains N'. */
  readonly metavar?: string;
  readonly description: string;
  /** May be given more than once (values are collected in order). */
  readonly repeatable?: boolean;
};

export interface PositionalSpec {
  readonly name: string;
  readonly description: string;
}

export interface CommandSpec {
  readonly name: string;
  /** One line, for the command list. */
  readonly summary: string;
  /** Longer description shown in the command's help. */
  readonly description?: string;
  readonly positionals: readonly PositionalSpec[];
  readonly flags: readonly FlagSpec[];
  /** Flags that must be given. */
  readonly required?: readonly string[];
  readonly examples?: readonly string[];
}

type Value = string | number | boolean;

/** Parsed arguments with typed getters; flags not given read as undefined (or false, for booleans). */
export class ParsedArgs {
  constructor(
    readonly command: string,
    private readonly positionalValues: ReadonlyMap<string, string>,
    private readonly flagValues: ReadonlyMap<string, Value[]>,
  ) {}

  positional(name: string): string {
    const v = this.positionalValues.get(name);
    if (v === undefined) throw new UsageError(`missing ${name}`, this.command);
    return v;
  }

  has(name: string): boolean {
    return this.flagValues.has(name);
  }

  bool(name: string): boolean {
    return this.flagValues.get(name)?.at(-1) === true;
  }

  string(name: string): string | undefined {
    const v = this.flagValues.get(name)?.at(-1);
    return v === undefined ? undefined : String(v);
  }

  strings(name: string): string[] {
    return (this.flagValues.get(name) ?? []).map(String);
  }

  number(name: string): number | undefined {
    const v = this.flagValues.get(name)?.at(-1);
    return typeof v === 'number' ? v : undefined;
  }
}

const INT = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function describeKind(flag: FlagSpec): string {
  switch (flag.type) {
    case 'int':
      if (flag.min === 1 && flag.max === undefined) return 'a positive integer';
      if (flag.min === 0 && flag.max === undefined) return 'a non-negative integer';
      if (flag.min !== undefined && flag.max !== undefined)
        return `an integer from ${flag.min} to ${flag.max}`;
      return 'an integer';
    case 'number':
      if (flag.min !== undefined && flag.max !== undefined)
        return `a number ${flag.exclusive ? 'strictly ' : ''}between ${flag.min} and ${flag.max}`;
      return 'a number';
    case 'choice':
      return `one of ${flag.choices.map((c) => `'${c}'`).join(', ')}`;
    default:
      return 'a value';
  }
}

function convert(flag: FlagSpec, raw: string, command: string): Value {
  const bad = () =>
    new UsageError(`--${flag.name} expects ${describeKind(flag)}, got '${raw}'`, command) as never;
  switch (flag.type) {
    case 'string':
      if (raw === '') throw new UsageError(`--${flag.name} needs a non-empty value`, command);
      return raw;
    case 'choice':
      if (!flag.choices.includes(raw)) throw bad();
      return raw;
    case 'int': {
      if (!INT.test(raw)) throw bad();
      const v = Number(raw);
      if (!Number.isSafeInteger(v)) throw bad();
      if ((flag.min !== undefined && v < flag.min) || (flag.max !== undefined && v > flag.max)) throw bad();
      return v;
    }
    case 'number': {
      if (!DECIMAL.test(raw)) throw bad();
      const v = Number(raw);
      if (!Number.isFinite(v)) throw bad();
      const below = flag.min !== undefined && (flag.exclusive ? v <= flag.min : v < flag.min);
      const above = flag.max !== undefined && (flag.exclusive ? v >= flag.max : v > flag.max);
      if (below || above) throw bad();
      return v;
    }
    default:
      return true;
  }
}

/**
 * Parses `argv` (the words after the command name) against a command's spec. `--flag value` and
 * `--flag=value` are both accepted; `--` ends the flags. Help (`-h`, `--help`) is handled by the
 * caller before this is called.
 */
export function parseArgs(spec: CommandSpec, argv: readonly string[]): ParsedArgs {
  const command = spec.name;
  const flags = new Map(spec.flags.map((f) => [f.name, f]));
  const positionals: string[] = [];
  const values = new Map<string, Value[]>();
  let onlyPositionals = false;

  for (let i = 0; i < argv.length; i++) {
    const word = argv[i];
    if (onlyPositionals || !word.startsWith('-') || word === '-' || /^-\d/.test(word)) {
      positionals.push(word);
      continue;
    }
    if (word === '--') {
      onlyPositionals = true;
      continue;
    }
    if (!word.startsWith('--')) {
      throw new UsageError(`unknown option '${word}' (options are written --name)`, command);
    }
    const eq = word.indexOf('=');
    const name = word.slice(2, eq < 0 ? undefined : eq);
    const flag = flags.get(name);
    if (!flag) {
      const hint = didYouMean(
        name,
        spec.flags.map((f) => f.name),
      );
      throw new UsageError(
        `unknown option '--${name}'${hint ? hint.replace(/'([^']*)'/, "'--$1'") : ''}`,
        command,
      );
    }
    let raw: string;
    if (flag.type === 'boolean') {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`, command);
      raw = '';
    } else if (eq >= 0) {
      raw = word.slice(eq + 1);
    } else {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('--') && next.length > 2)) {
        throw new UsageError(`--${name} needs a value (${flag.metavar ?? describeKind(flag)})`, command);
      }
      raw = next;
      i++;
    }
    const list = values.get(name) ?? [];
    if (list.length > 0 && !flag.repeatable) {
      throw new UsageError(`--${name} is given more than once`, command);
    }
    list.push(convert(flag, raw, command));
    values.set(name, list);
  }

  if (positionals.length > spec.positionals.length) {
    const extra = positionals[spec.positionals.length];
    throw new UsageError(`unexpected argument '${extra}'`, command);
  }
  if (positionals.length < spec.positionals.length) {
    throw new UsageError(`missing ${spec.positionals[positionals.length].name}`, command);
  }
  for (const name of spec.required ?? []) {
    if (!values.has(name)) {
      const flag = flags.get(name)!;
      throw new UsageError(`missing --${name}${flag.metavar ? ` ${flag.metavar}` : ''}`, command);
    }
  }
  return new ParsedArgs(command, new Map(spec.positionals.map((p, k) => [p.name, positionals[k]])), values);
}

/** The help text of one command. */
export function commandHelp(spec: CommandSpec): string {
  const flagWords = spec.flags.map((f) => {
    const word = `--${f.name}${f.type === 'boolean' ? '' : ` ${f.metavar ?? 'VALUE'}`}`;
    return spec.required?.includes(f.name) ? word : `[${word}]`;
  });
  const lines = [
    `Usage: dopl ${spec.name} ${[...spec.positionals.map((p) => p.name), ...flagWords].join(' ')}`,
    '',
    spec.description ?? spec.summary,
  ];
  if (spec.positionals.length) {
    lines.push('', 'Arguments:');
    const width = Math.max(...spec.positionals.map((p) => p.name.length));
    for (const p of spec.positionals) lines.push(`  ${p.name.padEnd(width)}  ${p.description}`);
  }
  const rows = spec.flags.map((f) => [
    `--${f.name}${f.type === 'boolean' ? '' : ` ${f.metavar ?? 'VALUE'}`}`,
    f.description,
  ]);
  rows.push(['-h, --help', 'Show this help.']);
  lines.push('', 'Options:');
  const width = Math.max(...rows.map((r) => r[0].length));
  for (const [left, right] of rows) lines.push(`  ${left.padEnd(width)}  ${right}`);
  if (spec.examples?.length) {
    lines.push('', 'Examples:');
    for (const e of spec.examples) lines.push(`  ${e}`);
  }
  return `${lines.join('\n')}\n`;
}
