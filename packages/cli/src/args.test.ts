import { describe, expect, it } from 'vitest';
import { type CommandSpec, commandHelp, parseArgs } from './args.js';
import { UsageError } from './errors.js';

const spec: CommandSpec = {
  name: 'demo',
  summary: 'A demo.',
  positionals: [{ name: 'MODEL', description: 'The model.' }],
  flags: [
    { name: 'chains', type: 'int', min: 1, metavar: 'N', description: 'Chains.' },
    { name: 'seed', type: 'int', min: 0, metavar: 'N', description: 'Seed.' },
    { name: 'rate', type: 'number', min: 0, max: 1, exclusive: true, metavar: 'P', description: 'Rate.' },
    { name: 'data', type: 'string', metavar: 'FILE', repeatable: true, description: 'Data.' },
    { name: 'format', type: 'choice', choices: ['dot', 'mermaid'], description: 'Format.' },
    { name: 'json', type: 'boolean', description: 'JSON.' },
  ],
};

const usage = (argv: string[]) => {
  try {
    parseArgs(spec, argv);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as UsageError).message;
  }
  throw new Error('expected a usage error');
};

describe('parseArgs', () => {
  it('reads positionals and typed flags in both spellings', () => {
    const a = parseArgs(spec, [
      'm.dopl',
      '--chains',
      '3',
      '--rate=0.9',
      '--data',
      'a.json',
      '--data=b.csv',
      '--json',
    ]);
    expect(a.positional('MODEL')).toBe('m.dopl');
    expect(a.number('chains')).toBe(3);
    expect(a.number('rate')).toBe(0.9);
    expect(a.strings('data')).toEqual(['a.json', 'b.csv']);
    expect(a.bool('json')).toBe(true);
    expect(a.number('seed')).toBeUndefined();
    expect(a.string('format')).toBeUndefined();
  });

  it('takes words after -- as positionals', () => {
    expect(parseArgs(spec, ['--', '--odd-name.dopl']).positional('MODEL')).toBe('--odd-name.dopl');
  });

  it('reports bad command lines clearly', () => {
    expect(usage([])).toBe('missing MODEL');
    expect(usage(['m', 'n'])).toBe("unexpected argument 'n'");
    expect(usage(['m', '--chain', '2'])).toBe("unknown option '--chain' (did you mean '--chains'?)");
    expect(usage(['m', '--bogus'])).toBe("unknown option '--bogus'");
    expect(usage(['m', '-c', '2'])).toBe("unknown option '-c' (options are written --name)");
    expect(usage(['m', '--chains'])).toBe('--chains needs a value (N)');
    expect(usage(['m', '--chains', '--json'])).toBe('--chains needs a value (N)');
    expect(usage(['m', '--chains', '0'])).toBe("--chains expects a positive integer, got '0'");
    expect(usage(['m', '--chains', '2.5'])).toBe("--chains expects a positive integer, got '2.5'");
    expect(usage(['m', '--chains', '1e3'])).toBe("--chains expects a positive integer, got '1e3'");
    expect(usage(['m', '--seed', '-1'])).toBe("--seed expects a non-negative integer, got '-1'");
    expect(usage(['m', '--rate', '1'])).toBe("--rate expects a number strictly between 0 and 1, got '1'");
    expect(usage(['m', '--rate', 'NaN'])).toBe("--rate expects a number strictly between 0 and 1, got 'NaN'");
    expect(usage(['m', '--format', 'png'])).toBe("--format expects one of 'dot', 'mermaid', got 'png'");
    expect(usage(['m', '--json=yes'])).toBe('--json takes no value');
    expect(usage(['m', '--chains', '2', '--chains', '3'])).toBe('--chains is given more than once');
  });

  it('writes help with every flag', () => {
    const help = commandHelp(spec);
    expect(help).toMatch(/^Usage: dopl demo MODEL \[--chains N\]/);
    for (const f of spec.flags) expect(help).toContain(`--${f.name}`);
    expect(help).toContain('-h, --help');
  });
});
