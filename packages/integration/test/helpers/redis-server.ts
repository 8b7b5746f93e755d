import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { closedPort } from './closed-port.js';
import { delay } from './wait.js';

/**
 * A private `redis-server` on a free port, with no persistence, so a test can kill it (SIGKILL,
 * like a crash) and start it again empty: keys and cached Lua scripts are gone, as after a real
 * restart. The shared Redis other test files use is never touched. Throws (the test fails, it
 * does not skip) when `redis-server` is not installed.
 */
export class RedisServer {
  readonly port: number;
  #child: ChildProcess | undefined;
  #output = '';

  private constructor(port: number) {
    this.port = port;
  }

  static async start(): Promise<RedisServer> {
    const server = new RedisServer(await closedPort());
    await server.restart();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts the server (again) on the same port and resolves once it answers PING. */
  async restart(): Promise<void> {
    if (this.#child) throw new Error(`redis-server on ${this.port} is still running`);
    const child = spawn(
      process.env['REDIS_SERVER'] ?? 'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.#child = child;
    this.#output = '';
    for (const stream of [child.stdout, child.stderr])
      stream.on('data', (chunk: Buffer) => (this.#output += chunk.toString('utf8')));
    const failed = new Promise<never>((_resolve, reject) => {
      child.once('error', (error) =>
        reject(new Error(`cannot start redis-server (install it, or set REDIS_SERVER): ${error.message}`)),
      );
      child.once('exit', (code, signal) =>
        reject(new Error(`redis-server exited (${String(code ?? signal)}): ${this.#output}`)),
      );
    });
    failed.catch(() => undefined); // observed below through Promise.race
    await Promise.race([failed, this.#untilPing()]);
  }

  /** SIGKILL: no shutdown, clients see their connections drop. */
  async kill(): Promise<void> {
    const child = this.#child;
    if (!child) return;
    this.#child = undefined;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
  }

  /** A short-lived client for assertions on the server itself (INFO, SCRIPT FLUSH, ...). */
  async command<T>(run: (client: Redis) => Promise<T>): Promise<T> {
    const client = new Redis(this.url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    try {
      await client.connect();
      return await run(client);
    } finally {
      client.disconnect();
    }
  }

  /** `INFO <section>` as a map, e.g. `info('errorstats')` → `{ errorstat_NOSCRIPT: 'count=2' }`. */
  info(section: string): Promise<Record<string, string>> {
    return this.command(async (client) => {
      const text = await client.info(section);
      const fields: Record<string, string> = {};
      for (const line of text.split('\r\n')) {
        const colon = line.indexOf(':');
        if (colon > 0 && !line.startsWith('#')) fields[line.slice(0, colon)] = line.slice(colon + 1);
      }
      return fields;
    });
  }

  async #untilPing(): Promise<void> {
    for (let attempt = 0; attempt < 100; attempt++) {
      const pong = await this.command((client) => client.ping()).catch(() => undefined);
      if (pong === 'PONG') return;
      await delay(50);
    }
    throw new Error(`redis-server on ${this.port} did not answer PING within 5 s: ${this.#output}`);
  }
}
