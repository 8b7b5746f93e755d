import WebSocket from 'ws';
import { loadResult, type LoadResult } from './load-figures.js';

export type { LoadResult } from './load-figures.js';

export interface LoadOptions {
  readonly url: string;
  readonly connections: number;
  /** Requests kept in flight per connection. */
  readonly window: number;
  readonly warmupMs: number;
  readonly durationMs: number;
}

/**
 * Opens `connections` sockets, keeps `window` validated requests in flight on each, and counts
 * replies (and their latency) during `durationMs` after a warm-up. Bounded in time; loopback only.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  let measuring = false;
  let stopped = false;
  let messages = 0;
  let errors = 0;
  const sockets: WebSocket[] = [];

  await Promise.all(
    Array.from({ length: options.connections }, async (_, index) => {
      const socket = new WebSocket(options.url, { perMessageDeflate: false });
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once('open', () => resolve());
        socket.once('error', reject);
      });
      const sentAt = new Map<number, number>();
      let seq = 0;
      const fire = (): void => {
        if (stopped) return;
        const id = seq++;
        sentAt.set(id, performance.now());
        socket.send(
          JSON.stringify({
            type: 'chat',
            id,
            data: { text: `hello from ${index}`, seq: id % 1_000_000, replyTo: 'someone' },
          }),
        );
      };
      socket.on('message', (raw) => {
        const frame = JSON.parse(String(raw)) as { type: string; id: number };
        const started = sentAt.get(frame.id);
        sentAt.delete(frame.id);
        if (measuring && started !== undefined) {
          if (frame.type === 'reply') {
            messages++;
            latencies.push(performance.now() - started);
          } else {
            errors++;
          }
        }
        fire();
      });
      for (let i = 0; i < options.window; i++) fire();
    }),
  );

  await new Promise((resolve) => setTimeout(resolve, options.warmupMs));
  measuring = true;
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, options.durationMs));
  measuring = false;
  const seconds = (performance.now() - started) / 1000;
  stopped = true;
  for (const socket of sockets) socket.terminate();

  return loadResult({ messages, errors, seconds }, latencies);
}
