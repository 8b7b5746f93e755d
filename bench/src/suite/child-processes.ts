import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SystemName } from '../systems/registry.js';
import { waitForLine } from '../process-helpers.js';
import type { ServerStats } from './system-main.js';

const script = (file: string): string => fileURLToPath(new URL(file, import.meta.url));

async function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise((resolve) => child.once('exit', resolve));
}

/** Requests over a child's IPC channel, matched to their answers by `seq`. */
class Channel {
  private next = 0;
  private readonly waiting = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >();

  constructor(protected readonly child: ChildProcess) {
    child.on('message', (message: { seq?: number; error?: string }) => {
      const waiter = message.seq === undefined ? undefined : this.waiting.get(message.seq);
      if (!waiter || message.seq === undefined) return;
      this.waiting.delete(message.seq);
      if (message.error !== undefined) waiter.reject(new Error(message.error));
      else waiter.resolve(message);
    });
    child.once('exit', (code, signal) => {
      for (const waiter of this.waiting.values())
        waiter.reject(new Error(`process exited (${String(code ?? signal)}) before answering`));
      this.waiting.clear();
    });
  }

  protected ask<T>(message: Record<string, unknown>): Promise<T> {
    const seq = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(seq, { resolve: resolve as (value: unknown) => void, reject });
      this.child.send({ ...message, seq });
    });
  }
}

/** A system under test in its own process (started with `--expose-gc`, and `--cpu-prof` on request). */
export class ServerProcess extends Channel {
  private constructor(
    child: ChildProcess,
    readonly port: number,
  ) {
    super(child);
  }

  /** BENCH_CPU_PROF=<dir> writes a V8 CPU profile of every server process there. */
  static async start(system: SystemName): Promise<ServerProcess> {
    const profile = process.env['BENCH_CPU_PROF'];
    const execArgv = ['--expose-gc', ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [])];
    const child = spawn(process.execPath, [...execArgv, script('./system-main.js'), system], {
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    const line = await waitForLine(child, (candidate) => /^ready \d+$/.test(candidate));
    return new ServerProcess(child, Number(line.slice('ready '.length)));
  }

  /** CPU time and memory of the server; `gc` collects garbage first (for the memory figures). */
  async stats(gc = false): Promise<ServerStats> {
    return (await this.ask<{ stats: ServerStats }>({ cmd: 'stats', gc })).stats;
  }

  async stop(): Promise<void> {
    const done = exited(this.child);
    this.child.kill('SIGTERM');
    await done;
  }
}

/** The shared load client in its own process. */
export class DriverProcess extends Channel {
  static start(): DriverProcess {
    const child = spawn(process.execPath, [script('./driver-main.js')], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new DriverProcess(child);
  }

  async call<T>(cmd: string, args: Record<string, unknown> = {}): Promise<T> {
    return (await this.ask<{ result: T }>({ cmd, args })).result;
  }

  async stop(): Promise<void> {
    const done = exited(this.child);
    if (this.child.connected) await this.call('close');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await done;
    clearTimeout(timer);
  }
}
