import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AppProject } from './app-project.js';
import type { CliIo } from './cli-io.js';

/** Decorator metadata is what Halyard reads; passed even if tsconfig.json forgot it. */
export const decoratorFlags = ['--experimentalDecorators', '--emitDecoratorMetadata'] as const;

/** The app's own `tsc` (its TypeScript version, its tsconfig.json). */
export function tscPath(app: AppProject): string {
  return join(
    dirname(app.resolve('typescript/package.json', 'Halyard apps are compiled with tsc')),
    'bin',
    'tsc',
  );
}

/** `node [--env-file=.env] --enable-source-maps <entry>`: `.env` is loaded when the app has one. */
export function nodeArgs(app: AppProject, entry: string): string[] {
  const envFile = join(app.root, '.env');
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  const supportsEnvFile = major > 20 || (major === 20 && minor >= 6);
  return [
    ...(existsSync(envFile) && supportsEnvFile ? [`--env-file=${envFile}`] : []),
    '--enable-source-maps',
    entry,
  ];
}

/** Spawns a child (`argv`: the program, then its arguments) whose output is copied to the CLI's streams. */
export function spawnForwarded(
  io: CliIo,
  argv: readonly [command: string, ...args: string[]],
  options: { readonly cwd: string; readonly onStdout?: (chunk: string) => void },
): ChildProcess {
  const [command, ...args] = argv;
  const child = spawn(command, args, { cwd: options.cwd, env: io.env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    io.stdout.write(chunk);
    options.onStdout?.(chunk);
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => io.stderr.write(chunk));
  return child;
}

/** Resolves once the child has exited (at once if it already has). */
export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

/** SIGTERM, then SIGKILL if the child is still there after `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited(child);
  clearTimeout(timer);
}

/** Runs `handler` on SIGINT/SIGTERM until the returned function is called. */
export function onStopSignal(handler: (signal: NodeJS.Signals) => void): () => void {
  const signals = ['SIGINT', 'SIGTERM'] as const;
  for (const signal of signals) process.on(signal, handler);
  return () => {
    for (const signal of signals) process.off(signal, handler);
  };
}
