import WebSocket from 'ws';

export interface FanoutResult {
  readonly clients: number;
  readonly broadcasts: number;
  readonly deliveries: number;
  readonly expected: number;
  readonly seconds: number;
  readonly deliveriesPerSecond: number;
  /** Latency of deliveries to clients on the sender's own instance. */
  readonly local: { p50: number | null; p99: number | null; count: number };
  /** Latency of deliveries to clients on other instances (through Redis). */
  readonly remote: { p50: number | null; p99: number | null; count: number };
}

const now = (): number => performance.timeOrigin + performance.now();

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

async function open(url: string): Promise<WebSocket> {
  const socket = new WebSocket(url, { perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return socket;
}

/**
 * Spreads `clients` sockets over the instances, then one sender on the first instance broadcasts
 * `broadcasts` ticks at `perSecond`; every receiver measures the time since the tick was sent.
 */
export async function runFanout(
  urls: readonly string[],
  clients: number,
  broadcasts: number,
  perSecond: number,
): Promise<FanoutResult> {
  const local: number[] = [];
  const remote: number[] = [];
  const sockets: WebSocket[] = [];
  for (let batch = 0; batch < clients; batch += 200) {
    const opened = await Promise.all(
      Array.from({ length: Math.min(200, clients - batch) }, async (_, offset) => {
        const instance = (batch + offset) % urls.length;
        const socket = await open(urls[instance] as string);
        const into = instance === 0 ? local : remote;
        socket.on('message', (raw) => {
          const frame = JSON.parse(String(raw)) as { type: string; data: { sentAt: number } };
          if (frame.type === 'tick') into.push(now() - frame.data.sentAt);
        });
        return socket;
      }),
    );
    sockets.push(...opened);
  }
  // presence joins travel through Redis too; give every instance a moment to settle
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const sender = await open(urls[0] as string);
  const started = now();
  for (let seq = 0; seq < broadcasts; seq++) {
    sender.send(JSON.stringify({ type: 'broadcast', data: { sentAt: now(), seq } }));
    await new Promise((resolve) => setTimeout(resolve, 1000 / perSecond));
  }
  const expected = broadcasts * (clients + 1);
  const deadline = now() + 10_000;
  while (local.length + remote.length < broadcasts * clients && now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 50));
  const seconds = (now() - started) / 1000;
  for (const socket of [...sockets, sender]) socket.terminate();
  const deliveries = local.length + remote.length;
  return {
    clients,
    broadcasts,
    deliveries,
    expected: expected - broadcasts,
    seconds,
    deliveriesPerSecond: deliveries / seconds,
    local: { p50: percentile(local, 50), p99: percentile(local, 99), count: local.length },
    remote: { p50: percentile(remote, 50), p99: percentile(remote, 99), count: remote.length },
  };
}
