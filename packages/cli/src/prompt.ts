import { createInterface } from 'node:readline/promises';
import { usageOf, type CommandSpec } from './args.js';
import type { CliIo } from './cli-io.js';
import { CliError } from './errors.js';

/**
 * A required value the command line did not give: asked for on a terminal, a usage error
 * otherwise (scripts and CI never hang on a prompt).
 */
export async function askForMissing(
  io: CliIo,
  spec: CommandSpec,
  what: { readonly name: string; readonly question: string; readonly fallback?: string },
): Promise<string> {
  if (!io.stdin.isTTY || !io.stdout.isTTY)
    throw new CliError('HALYARD_ERR_CLI_MISSING_ARGUMENT', {
      command: spec.name,
      what: `<${what.name}>`,
      usage: usageOf(spec),
    });
  const rl = createInterface({ input: io.stdin, output: io.stdout });
  try {
    const hint = what.fallback ? ` (${what.fallback})` : '';
    const answer = (await rl.question(`${what.question}${hint}: `)).trim();
    const value = answer || what.fallback;
    if (!value)
      throw new CliError('HALYARD_ERR_CLI_MISSING_ARGUMENT', {
        command: spec.name,
        what: `<${what.name}>`,
        usage: usageOf(spec),
      });
    return value;
  } finally {
    rl.close();
  }
}
