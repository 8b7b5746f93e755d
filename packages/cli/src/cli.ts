import { parseArgs, renderHelp } from './args.js';
import { Output, processIo, type CliIo } from './cli-io.js';
import type { Command } from './command.js';
import { buildCommand } from './commands/build-command.js';
import { clientCommand } from './commands/client-command.js';
import { devCommand } from './commands/dev-command.js';
import { docsCommand } from './commands/docs-command.js';
import { docsDiffCommand } from './commands/docs-diff-command.js';
import { docsMockCommand } from './commands/docs-mock-command.js';
import { generateControllerCommand, generateDtoCommand } from './commands/generate-command.js';
import { newCommand } from './commands/new-command.js';
import { startCommand } from './commands/start-command.js';
import { CliError } from './errors.js';
import { cliVersion } from './version.js';

/** Commands by their words; `generate` and `docs` have subcommands, `g c` and `g d` are aliases. */
const commands: ReadonlyArray<readonly [words: readonly string[], command: Command]> = [
  [['new'], newCommand],
  [['generate', 'controller'], generateControllerCommand],
  [['generate', 'c'], generateControllerCommand],
  [['g', 'controller'], generateControllerCommand],
  [['g', 'c'], generateControllerCommand],
  [['generate', 'dto'], generateDtoCommand],
  [['generate', 'd'], generateDtoCommand],
  [['g', 'dto'], generateDtoCommand],
  [['g', 'd'], generateDtoCommand],
  [['docs', 'diff'], docsDiffCommand],
  [['docs', 'mock'], docsMockCommand],
  [['docs'], docsCommand],
  [['client'], clientCommand],
  [['dev'], devCommand],
  [['build'], buildCommand],
  [['start'], startCommand],
];

const listed: readonly Command[] = [
  newCommand,
  generateControllerCommand,
  generateDtoCommand,
  docsCommand,
  docsDiffCommand,
  docsMockCommand,
  clientCommand,
  devCommand,
  buildCommand,
  startCommand,
];

function rootHelp(output: Output): string {
  const { style } = output;
  const width = Math.max(...listed.map((command) => command.spec.name.length));
  return [
    `${style.bold('Usage:')} halyard <command> [options]`,
    '',
    `Halyard ${cliVersion}: decorated REST and WebSocket controllers on Fastify.`,
    '',
    style.bold('Commands:'),
    ...listed.map((command) => `  ${style.cyan(command.spec.name.padEnd(width))}  ${command.spec.summary}`),
    '',
    style.bold('Options:'),
    `  ${style.cyan('-h, --help')}     show help (also after any command)`,
    `  ${style.cyan('-v, --version')}  print the version`,
    '',
    'Run "halyard <command> --help" for its options. Docs: docs/cli.md.',
    '',
  ].join('\n');
}

/** Matches the longest command whose words start argv (an option ends the words). */
function findCommand(argv: readonly string[]): { command: Command; rest: readonly string[] } | undefined {
  let best: { command: Command; rest: readonly string[]; length: number } | undefined;
  for (const [words, command] of commands) {
    if (words.every((word, index) => argv[index] === word) && words.length > (best?.length ?? 0))
      best = { command, rest: argv.slice(words.length), length: words.length };
  }
  return best;
}

/**
 * Runs the `halyard` command line and resolves with its exit code; never throws. What `bin/halyard`
 * and `create-halyard` call.
 *
 * @example
 * ```ts
 * process.exitCode = await run(['new', 'my-app', '--template', 'chat']);
 * ```
 */
export async function run(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const out = new Output(io);
  try {
    const first = argv[0];
    if (first === undefined || first === '--help' || first === '-h') {
      io.stdout.write(rootHelp(out));
      return first === undefined ? 2 : 0;
    }
    if (first === '--version' || first === '-v') {
      out.line(cliVersion);
      return 0;
    }
    const found = findCommand(argv);
    if (!found) {
      const group = first === 'g' ? 'generate' : first;
      if (group === 'generate' && (argv[1] === undefined || argv[1] === '--help' || argv[1] === '-h')) {
        io.stdout.write(
          `${renderHelp(generateControllerCommand.spec, out.style)}\n${renderHelp(generateDtoCommand.spec, out.style)}`,
        );
        return argv[1] === undefined ? 2 : 0;
      }
      throw new CliError('HALYARD_ERR_CLI_UNKNOWN_COMMAND', {
        command: group === 'generate' ? `generate ${argv[1]}` : first,
      });
    }
    const args = parseArgs(found.command.spec, found.rest);
    if (args.help) {
      io.stdout.write(renderHelp(found.command.spec, out.style));
      return 0;
    }
    return await found.command.run({ io, out }, args);
  } catch (error) {
    const failure =
      error instanceof CliError
        ? error
        : new CliError('HALYARD_ERR_CLI_INTERNAL', { cause: (error as Error)?.message ?? String(error) });
    out.error(failure.code, failure.message);
    if (io.env['HALYARD_DEBUG'] && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    return failure.exitCode;
  }
}

/**
 * The `create-halyard` command (`npm create halyard@latest my-app`): `halyard new` under its own
 * name. `--version` and `--help` are its own; everything else is `halyard new <argv>`.
 *
 * @example
 * ```ts
 * process.exitCode = await runCreate(process.argv.slice(2));
 * ```
 */
export async function runCreate(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const out = new Output(io);
  const options = argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv;
  if (argv[0] === '--version' || argv[0] === '-v') {
    out.line(cliVersion);
    return 0;
  }
  if (options.includes('--help') || options.includes('-h')) {
    const spec = {
      ...newCommand.spec,
      name: '',
      examples: [
        'npm create halyard@latest my-app',
        'pnpm create halyard chat-app --template chat',
        'npx create-halyard my-app --no-install',
      ],
    };
    io.stdout.write(renderHelp(spec, out.style, 'create-halyard'));
    return 0;
  }
  return run(['new', ...argv], io);
}
