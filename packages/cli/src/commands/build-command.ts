import type { CommandSpec } from '../args.js';
import { findApp, type AppProject } from '../app-project.js';
import { runChild } from '../child-process.js';
import { clientFile, writeClient } from '../client/client-file.js';
import type { CliIo } from '../cli-io.js';
import type { Command } from '../command.js';
import { CliError } from '../errors.js';
import { decoratorFlags, tscPath } from '../node-runner.js';

const spec: CommandSpec = {
  name: 'build',
  summary: 'Compile the app with its own tsc and tsconfig.json (tsc -p tsconfig.json).',
  description: [
    'tsc, not esbuild or tsx: Halyard reads the types TypeScript writes into decorator metadata.',
    'experimentalDecorators and emitDecoratorMetadata are passed on the command line too.',
    '--client then regenerates the typed client module as `halyard client` does (the module imports',
    'nothing from the app, so it never needs a second compile).',
  ].join('\n'),
  positionals: [],
  options: {
    client: {
      type: 'boolean',
      description: 'also write the typed client module (see halyard client)',
    },
    'client-out': {
      type: 'string',
      value: 'file',
      description: 'where --client writes it (default web/src/api-client.ts, else src/api-client.ts)',
    },
  },
  examples: ['halyard build', 'halyard build --client'],
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
  async run({ io, out }, args) {
    const app = findApp(io.cwd);
    const started = Date.now();
    await buildApp(io, app);
    out.done(`Compiled ${app.root} in ${Date.now() - started} ms`);
    if (args.options['client'] === true) {
      const file = clientFile(app, io.cwd, args.options['client-out'] as string | undefined);
      await writeClient({ io, out, app }, { file, check: false });
    }
    return 0;
  },
};
