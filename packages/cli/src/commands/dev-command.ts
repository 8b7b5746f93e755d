import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { CommandSpec } from '../args.js';
import { compileLayout, emittedPath, findApp } from '../app-project.js';
import type { Command } from '../command.js';
import {
  decoratorFlags,
  exited,
  nodeArgs,
  onStopSignal,
  spawnForwarded,
  stopChild,
  tscPath,
} from '../node-runner.js';

const spec: CommandSpec = {
  name: 'dev',
  summary: 'Recompile on every change with tsc --watch and restart the app after each clean compile.',
  description: [
    'tsc keeps decorator metadata (esbuild and tsx drop it). A compile with errors keeps the',
    'running app; the next clean one restarts it. .env is loaded when the app has one.',
  ].join('\n'),
  positionals: [],
  options: {},
  examples: ['halyard dev', 'PORT=8080 halyard dev'],
};

/** tsc --watch ends every compile with this line. */
const compileDone = /Found (\d+) errors?\. Watching for file changes\./;

export const devCommand: Command = {
  spec,
  async run({ io, out }) {
    const app = findApp(io.cwd);
    const entry = emittedPath(compileLayout(app), join(app.root, 'src', 'main.ts'));
    let server: ChildProcess | undefined;
    let restarting: Promise<void> = Promise.resolve();
    let stopped = false;

    const restart = (): void => {
      restarting = restarting.then(async () => {
        if (server) {
          out.line(out.style.dim('[halyard dev] compiled: restarting the app'));
          await stopChild(server);
        } else out.line(out.style.dim('[halyard dev] compiled: starting the app'));
        if (stopped) return;
        server = spawnForwarded(io, [process.execPath, ...nodeArgs(app, entry)], { cwd: app.root });
      });
    };

    let pending = '';
    const tsc = spawnForwarded(
      io,
      [
        process.execPath,
        tscPath(app),
        '-p',
        'tsconfig.json',
        '--watch',
        '--preserveWatchOutput',
        ...decoratorFlags,
      ],
      {
        cwd: app.root,
        onStdout(chunk) {
          pending += chunk;
          const lines = pending.split('\n');
          pending = lines.pop() ?? '';
          for (const line of lines) {
            const match = compileDone.exec(line);
            if (!match) continue;
            if (match[1] === '0') restart();
            else out.line(out.style.yellow('[halyard dev] compile errors: the running app is kept'));
          }
        },
      },
    );

    const stop = async (): Promise<void> => {
      stopped = true;
      await restarting;
      await Promise.all([stopChild(tsc), ...(server ? [stopChild(server)] : [])]);
    };
    let signalled = false;
    const release = onStopSignal(() => {
      signalled = true;
      void stop();
    });
    const result = await exited(tsc);
    release();
    await stop();
    if (signalled) return 0;
    out.warn(
      `tsc --watch exited with ${result.code === null ? `signal ${result.signal}` : `code ${result.code}`}`,
    );
    return 1;
  },
};
