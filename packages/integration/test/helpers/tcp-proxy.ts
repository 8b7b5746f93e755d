import net, { type Socket } from 'node:net';
import { REDIS_URL } from './redis-test-keys.js';

/**
 * A TCP proxy in front of the shared Redis, so a test can take Redis away from some clients
 * without touching the server other test files use. `cut()` drops every open connection and
 * refuses new ones (they are accepted and closed at once) until `restore()`.
 */
export class TcpProxy {
  readonly #server: net.Server;
  readonly #sockets = new Set<Socket>();
  readonly #target: { host: string; port: number };
  #cut = false;

  private constructor(target: { host: string; port: number }) {
    this.#target = target;
    this.#server = net.createServer((client) => this.#accept(client));
  }

  /** A proxy to the test Redis (`REDIS_URL`, default 127.0.0.1:6379). */
  static async start(
    target = { host: new URL(REDIS_URL).hostname, port: Number(new URL(REDIS_URL).port || 6379) },
  ): Promise<TcpProxy> {
    const proxy = new TcpProxy(target);
    await new Promise<void>((resolve, reject) => {
      proxy.#server.once('error', reject);
      proxy.#server.listen(0, '127.0.0.1', () => resolve());
    });
    return proxy;
  }

  get port(): number {
    const address = this.#server.address();
    if (!address || typeof address === 'string') throw new Error('proxy is not listening');
    return address.port;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Open client-side connections (for tests that wait for clients to reconnect). */
  get connections(): number {
    return [...this.#sockets].filter((socket) => socket.remotePort !== this.#target.port).length;
  }

  cut(): void {
    this.#cut = true;
    for (const socket of this.#sockets) socket.destroy();
    this.#sockets.clear();
  }

  restore(): void {
    this.#cut = false;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #accept(client: Socket): void {
    if (this.#cut) {
      client.destroy();
      return;
    }
    const upstream = net.connect(this.#target.port, this.#target.host);
    for (const socket of [client, upstream]) {
      this.#sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        this.#sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
