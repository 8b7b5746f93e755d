import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { CommandSpec } from '../args.js';
import { compileLayout, emittedPath, findApp } from '../app-project.js';
import type { Command } from '../command.js';
import { CliError } from '../errors.js';
import { exited, nodeArgs, onStopSignal, spawnForwarded } from '../node-runner.js';

const spec: CommandSpec = {
  name: 'start',
  summary: 'Run the compiled app: node dist/main.js (with .env loaded when there is one).',
  description: 'Build first (halyard build). SIGINT and SIGTERM are passed on to the app.',
  positionals: [],
  options: {},
  examples: ['halyard build && halyard start', 'PORT=8080 halyard start'],
};

export const startCommand: Command = {
  spec,
  async run({ io }) {
    const app = findApp(io.cwd);
    const entry = emittedPath(compileLayout(app), join(app.root, 'src', 'main.ts'));
    if (!existsSync(entry))
      throw new CliError('HALYARD_ERR_CLI_NOT_AN_APP', {
        dir: app.root,
        reason: `${relative(app.root, entry)} does not exist; run "halyard build" first`,
      });
    const child = spawnForwarded(io, [process.execPath, ...nodeArgs(app, entry)], { cwd: app.root });
    let stopping = false;
    const release = onStopSignal((signal) => {
      stopping = true;
      child.kill(signal);
    });
    const { code, signal } = await exited(child);
    release();
    if (stopping || code === 0) return 0;
    throw new CliError('HALYARD_ERR_CLI_CHILD_FAILED', {
      command: `node ${relative(app.root, entry)}`,
      status: code === null ? `signal ${signal}` : `code ${code}`,
    });
  },
};
