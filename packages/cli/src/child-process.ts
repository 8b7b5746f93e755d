import { spawn } from 'node:child_process';
import type { CliIo } from './cli-io.js';
import { CliError } from './errors.js';

export interface ChildResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunChildOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Copy the child's output to these streams as it arrives (it is always collected too). */
  readonly forward?: Pick<CliIo, 'stdout' | 'stderr'>;
}

/** `npm` is `npm.cmd` on Windows, which only a shell runs. */
const needsShell = (command: string): boolean =>
  process.platform === 'win32' && !command.endsWith('.exe') && command !== process.execPath;

/** Runs a command to completion; a command that cannot be started is HALYARD_ERR_CLI_SPAWN_FAILED. */
export function runChild(
  command: string,
  args: readonly string[],
  options: RunChildOptions,
): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: needsShell(command),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      options.forward?.stdout.write(chunk);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      options.forward?.stderr.write(chunk);
    });
    child.once('error', (error) =>
      reject(
        new CliError(
          'HALYARD_ERR_CLI_SPAWN_FAILED',
          { command: [command, ...args].join(' '), cause: error.message },
          { cause: error },
        ),
      ),
    );
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
