import { fork, type ChildProcess } from 'node:child_process';

/**
 * A fixture node (fixtures/*-node.mjs) run as a child process: ready once it reports its port over IPC,
 * with the plain-JSON test routes it serves and a way to end it. `execArgv: []` so the child runs as
 * plain node, without tap's TypeScript loader.
 */
export class ForkedNode {
  port = 0;
  protected readonly child: ChildProcess;
  readonly #ready: Promise<void>;

  constructor(fixture: string, options: { readonly name: string; readonly env: Record<string, string> }) {
    this.child = fork(fixture, [], {
      env: { ...process.env, ...options.env },
      execArgv: [],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    this.#ready = new Promise((resolve, reject) => {
      this.child.once('message', (message: { port: number }) => {
        this.port = message.port;
        resolve();
      });
      this.child.once('exit', (code) => reject(new Error(`${options.name} exited with ${String(code)}`)));
    });
  }

  ready(): Promise<void> {
    return this.#ready;
  }

  /** GET `path` as JSON. */
  protected async getJson<T>(path: string): Promise<T> {
    return (await (await fetch(`http://127.0.0.1:${this.port}${path}`)).json()) as T;
  }

  /** POST `body` as JSON to `path`; anything but 200 throws. */
  protected async post(path: string, body: unknown): Promise<void> {
    const response = await fetch(`http://127.0.0.1:${this.port}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
  }

  /** Sends `signal`; resolves when the process is gone (at once if it already is). */
  async kill(signal: NodeJS.Signals): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill(signal);
    await exited;
  }
}
