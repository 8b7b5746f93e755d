import type { CommandSpec } from '../args.js';
import { findApp, type AppProject } from '../app-project.js';
import { runChild } from '../child-process.js';
import type { CliIo } from '../cli-io.js';
import type { Command } from '../command.js';
import { CliError } from '../errors.js';
import { decoratorFlags, tscPath } from '../node-runner.js';

const spec: CommandSpec = {
  name: 'build',
  summary: 'Compile the app with its own tsc and tsconfig.json (tsc -p tsconfig.json).',
  description:
    'tsc, not esbuild or tsx: Halyard reads the types TypeScript writes into decorator metadata.\nexperimentalDecorators and emitDecoratorMetadata are passed on the command line too.',
  positionals: [],
  options: {},
  examples: ['halyard build'],
};

/** Compiles the app; a failed compile is HALYARD_ERR_CLI_BUILD_FAILED (tsc's errors are printed first). */
export async function buildApp(io: CliIo, app: AppProject): Promise<void> {
  const result = await runChild(process.execPath, [tscPath(app), '-p', 'tsconfig.json', ...decoratorFlags], {
    cwd: app.root,
    env: io.env,
    forward: io,
  });
  if (result.code !== 0) throw new CliError('HALYARD_ERR_CLI_BUILD_FAILED', { code: String(result.code) });
}

export const buildCommand: Command = {
  spec,
  async run({ io, out }) {
    const app = findApp(io.cwd);
    const started = Date.now();
    await buildApp(io, app);
    out.done(`Compiled ${app.root} in ${Date.now() - started} ms`);
    return 0;
  },
};
