import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A script of this package's build, by path relative to dist/. */
export const script = (file: string): string => fileURLToPath(new URL(file, import.meta.url));

export function waitForLine(child: ChildProcess, match: (line: string) => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const onData = (chunk: Buffer): void => {
      buffer += chunk.toString();
      for (const line of buffer.split('\n')) {
        if (match(line)) {
          child.stdout?.off('data', onData);
          resolve(line);
          return;
        }
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`process exited with ${String(code)} before answering`)));
  });
}

/** Starts a server script and resolves once it printed `ready`. */
export async function startProcess(file: string, args: string[]): Promise<ChildProcess> {
  const child = spawn(process.execPath, [script(file), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  await waitForLine(child, (line) => line === 'ready');
  return child;
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** Runs a client script to completion and parses the JSON line it prints. */
export async function runClient<T>(file: string, args: string[]): Promise<T> {
  const client = spawn(process.execPath, [script(file), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(await waitForLine(client, (line) => line.startsWith('{'))) as T;
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};
