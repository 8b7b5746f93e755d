import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

/** A script of this package's build, by path relative to dist/. */
export const script = (file: string): string => fileURLToPath(new URL(file, import.meta.url));

export function waitForLine(child: ChildProcess, match: (line: string) => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const onData = (chunk: Buffer): void => {
      buffer += chunk.toString();
      // Only complete lines: a chunk may end in the middle of `ready 4123`.
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
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

const readyLine = /^ready(?: (\d+))?$/;

/** Starts a server script and resolves once it printed `ready` (or `ready <port>`). */
export async function startProcess(file: string, args: string[]): Promise<ChildProcess> {
  return (await startServer(file, args)).child;
}

/**
 * Starts a server script that listens on port 0 and prints `ready <port>`; resolves with the
 * process and that port, so parallel or repeated runs never collide on a fixed port.
 */
export async function startServer(
  file: string,
  args: string[],
): Promise<{ child: ChildProcess; port: number | undefined }> {
  const child = spawn(process.execPath, [script(file), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await waitForLine(child, (candidate) => readyLine.test(candidate));
  const port = readyLine.exec(line)?.[1];
  return { child, port: port === undefined ? undefined : Number(port) };
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** A server in a benchmark process: the port it listens on and how to close it. */
export interface RunningServer {
  readonly port: number;
  stop(): Promise<void>;
}

/** Listens on a free port of 127.0.0.1; `what` names the server in the error if it got no TCP port. */
export async function listenOnFreePort(app: FastifyInstance, what: string): Promise<RunningServer> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error(`${what} has no TCP port`);
  return {
    port: address.port,
    stop: async () => {
      await app.close();
    },
  };
}

/**
 * The server side of `startServer`: prints `ready <port>`, and on SIGTERM stops the server and exits
 * (1 if stopping failed).
 */
export function serveUntilTerminated(server: RunningServer): void {
  process.once('SIGTERM', () => {
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
  process.stdout.write(`ready ${server.port}\n`);
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
