import { CliError } from './errors.js';
import type { Style } from './style.js';

export interface OptionSpec {
  readonly type: 'boolean' | 'string';
  readonly description: string;
  readonly short?: string;
  /** The value's name in the help, e.g. `dir`. */
  readonly value?: string;
  readonly choices?: readonly string[];
  /** A string option that may repeat or hold a comma-separated list. */
  readonly multiple?: boolean;
  /** A boolean that is on by default and turned off with `--no-<name>`. */
  readonly negatable?: boolean;
}

export interface PositionalSpec {
  readonly name: string;
  readonly description: string;
  readonly required?: boolean;
}

/** One command of the `halyard` CLI, as its parser and its `--help` see it. */
export interface CommandSpec {
  /** As typed, e.g. `generate controller`. */
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly summary: string;
  readonly description?: string;
  readonly positionals: readonly PositionalSpec[];
  readonly options: Readonly<Record<string, OptionSpec>>;
  readonly examples?: readonly string[];
}

export type OptionValue = string | boolean | readonly string[];

export interface ParsedArgs {
  readonly positionals: readonly string[];
  readonly options: Readonly<Record<string, OptionValue | undefined>>;
  readonly help: boolean;
}

export function usageOf(spec: CommandSpec, program = 'halyard'): string {
  const positionals = spec.positionals.map((p) => (p.required ? `<${p.name}>` : `[${p.name}]`));
  return [
    program,
    ...(spec.name ? [spec.name] : []),
    ...positionals,
    ...(Object.keys(spec.options).length ? ['[options]'] : []),
  ].join(' ');
}

function flagOf(name: string, option: OptionSpec): string {
  const long = option.negatable ? `--no-${name}` : `--${name}`;
  const value = option.type === 'string' ? ` <${option.value ?? 'value'}>` : '';
  return `${option.short ? `-${option.short}, ` : ''}${long}${value}`;
}

/**
 * Parses `argv` against a command: `--name value`, `--name=value`, `-s value`, `--no-name` for
 * negatable booleans, `--` ends the options. Unknown options and bad choices are usage errors.
 */
export function parseArgs(spec: CommandSpec, argv: readonly string[]): ParsedArgs {
  const positionals: string[] = [];
  const options: Record<string, OptionValue> = {};
  let help = false;
  const byShort = new Map(
    Object.entries(spec.options).flatMap(([name, option]) => (option.short ? [[option.short, name]] : [])),
  );

  // `target` is the option as declared and as written on the command line (`-p`, `--port`).
  const setString = (
    target: { name: string; option: OptionSpec; flag: string },
    raw: string | undefined,
  ): void => {
    const { name, option, flag } = target;
    if (raw === undefined || raw === '')
      throw new CliError('HALYARD_ERR_CLI_INVALID_OPTION', {
        command: spec.name,
        option: flag,
        expected: `followed by a ${option.value ?? 'value'}`,
        value: raw ?? '',
      });
    const values = option.multiple
      ? raw
          .split(',')
          .map((part) => part.trim())
          .filter(Boolean)
      : [raw];
    for (const value of values) {
      if (option.choices && !option.choices.includes(value))
        throw new CliError('HALYARD_ERR_CLI_INVALID_OPTION', {
          command: spec.name,
          option: flag,
          expected: `one of ${option.choices.join(', ')}`,
          value,
        });
    }
    if (option.multiple) {
      const previous = options[name];
      options[name] = [...(Array.isArray(previous) ? previous : []), ...values];
    } else options[name] = raw;
  };

  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (arg === '--') {
      positionals.push(...argv.slice(index + 1));
      break;
    }
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    let name: string | undefined;
    let negated = false;
    if (flag.startsWith('--')) {
      const long = flag.slice(2);
      if (spec.options[long]) name = long;
      else if (long.startsWith('no-') && spec.options[long.slice(3)]?.negatable) {
        name = long.slice(3);
        negated = true;
      }
    } else if (flag.length === 2) name = byShort.get(flag.slice(1));
    const option = name === undefined ? undefined : spec.options[name];
    if (name === undefined || !option)
      throw new CliError('HALYARD_ERR_CLI_UNKNOWN_OPTION', { command: spec.name, option: flag });
    if (option.type === 'boolean') {
      if (inline !== undefined)
        throw new CliError('HALYARD_ERR_CLI_INVALID_OPTION', {
          command: spec.name,
          option: flag,
          expected: 'given without a value',
          value: inline,
        });
      options[name] = !negated;
      continue;
    }
    if (inline !== undefined) setString({ name, option, flag }, inline);
    else {
      const next = argv[index + 1];
      setString({ name, option, flag }, next !== undefined && !next.startsWith('-') ? next : undefined);
      index++;
    }
  }

  if (!help && positionals.length > spec.positionals.length)
    throw new CliError('HALYARD_ERR_CLI_UNEXPECTED_ARGUMENT', {
      command: spec.name,
      argument: positionals[spec.positionals.length]!,
      usage: usageOf(spec),
    });
  return { positionals, options, help };
}

function table(rows: ReadonlyArray<readonly [string, string]>, style: Style): string[] {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${style.cyan(left.padEnd(width))}  ${right}`);
}

/** The `--help` text of a command. */
export function renderHelp(spec: CommandSpec, style: Style, program = 'halyard'): string {
  const lines = [`${style.bold('Usage:')} ${usageOf(spec, program)}`, '', spec.summary];
  if (spec.description) lines.push('', spec.description);
  if (spec.aliases?.length)
    lines.push('', `Aliases: ${spec.aliases.map((alias) => `halyard ${alias}`).join(', ')}`);
  if (spec.positionals.length)
    lines.push(
      '',
      style.bold('Arguments:'),
      ...table(
        spec.positionals.map((p) => [p.name, p.description] as const),
        style,
      ),
    );
  const options = Object.entries(spec.options).map(([name, option]) => {
    const choices = option.choices ? ` (${option.choices.join('|')})` : '';
    return [flagOf(name, option), `${option.description}${choices}`] as const;
  });
  lines.push('', style.bold('Options:'), ...table([...options, ['-h, --help', 'show this help']], style));
  if (spec.examples?.length) lines.push('', style.bold('Examples:'), ...spec.examples.map((e) => `  ${e}`));
  return `${lines.join('\n')}\n`;
}
