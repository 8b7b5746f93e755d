import type WebSocket from 'ws';
import { openSocket } from '../open-socket.js';

/** What one fan-out round does; the suite passes it to the client process as JSON. */
export interface FanoutPlan {
  /** One URL per instance; clients are spread over them round-robin, the sender is on the first. */
  readonly urls: readonly string[];
  readonly clients: number;
  /** Paced latency phase: this many ticks at `perSecond`. */
  readonly pacedBroadcasts: number;
  readonly perSecond: number;
  /** Saturation phase: broadcast as fast as the window allows for this long, then drain. */
  readonly saturationMs: number;
  /** Saturation phase: at most this many ticks not yet received by every client. */
  readonly window: number;
  /** How long to wait for the last deliveries of a phase before counting them as lost. */
  readonly drainTimeoutMs: number;
}

export interface LatencyStats {
  readonly p50: number | null;
  readonly p99: number | null;
  readonly count: number;
}

export interface FanoutResult {
  readonly clients: number;
  readonly paced: {
    readonly broadcasts: number;
    readonly deliveries: number;
    readonly expected: number;
    /** Latency of deliveries to clients on the sender's own instance. */
    readonly local: LatencyStats;
    /** Latency of deliveries to clients on other instances (through Redis). */
    readonly remote: LatencyStats;
  };
  readonly saturation: {
    readonly broadcasts: number;
    readonly deliveries: number;
    readonly expected: number;
    /** From the first send to the last delivery (the phase is drained, not cut off). */
    readonly seconds: number;
    readonly deliveriesPerSecond: number;
    readonly latency: LatencyStats;
  };
}

const now = (): number => performance.timeOrigin + performance.now();
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function stats(values: readonly number[]): LatencyStats {
  if (values.length === 0) return { p50: null, p99: null, count: 0 };
  const sorted = Float64Array.from(values).sort();
  const at = (p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
  return { p50: at(0.5), p99: at(0.99), count: values.length };
}

/** Deliveries of one phase: per-tick counts (to know when a tick reached everyone) and latencies. */
class Phase {
  readonly local: number[] = [];
  readonly remote: number[] = [];
  readonly #perTick: Uint32Array;
  readonly #firstSeq: number;
  completed = 0;
  deliveries = 0;
  lastDeliveryAt = 0;
  #onProgress: (() => void) | undefined;

  constructor(
    firstSeq: number,
    maxTicks: number,
    private readonly clients: number,
  ) {
    this.#firstSeq = firstSeq;
    this.#perTick = new Uint32Array(maxTicks);
  }

  owns(seq: number): boolean {
    return seq >= this.#firstSeq && seq < this.#firstSeq + this.#perTick.length;
  }

  // eslint-disable-next-line @typescript-eslint/max-params -- called once per received frame while measuring: no allocation per call
  record(seq: number, latency: number, local: boolean, at: number): void {
    (local ? this.local : this.remote).push(latency);
    this.deliveries++;
    this.lastDeliveryAt = at;
    const index = seq - this.#firstSeq;
    if (++this.#perTick[index]! === this.clients) {
      this.completed++;
      this.#onProgress?.();
    }
  }

  /** Resolves when `done()` holds, re-checked on every completed tick, or after `timeoutMs`. */
  until(done: () => boolean, timeoutMs: number): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        this.#onProgress = undefined;
        resolve();
      };
      const timer = setTimeout(finish, timeoutMs);
      this.#onProgress = () => {
        if (done()) finish();
      };
    });
  }
}

/**
 * Spreads the clients over the instances; one sender on the first instance then runs two phases.
 * Paced: ticks at a fixed rate, every receiver records the latency since the tick was sent.
 * Saturation: the sender keeps `window` ticks in flight (sent, not yet received by every client)
 * for `saturationMs`; deliveries/s is counted from the first send until the last tick drained, so
 * it measures what the instances and Redis can push, not the pacing rate.
 */
export async function runFanout(plan: FanoutPlan): Promise<FanoutResult> {
  const { urls, clients } = plan;
  // Sequence numbers: paced ticks first, then saturation ticks (bounded by a generous maximum).
  const maxSaturation = 1_000_000;
  const paced = new Phase(0, plan.pacedBroadcasts, clients);
  const saturation = new Phase(plan.pacedBroadcasts, maxSaturation, clients);
  const sockets: WebSocket[] = [];
  for (let batch = 0; batch < clients; batch += 200) {
    const opened = await Promise.all(
      Array.from({ length: Math.min(200, clients - batch) }, async (_, offset) => {
        const instance = (batch + offset) % urls.length;
        const socket = await openSocket(urls[instance]!);
        socket.on('message', (raw) => {
          const at = now();
          const frame = JSON.parse(String(raw)) as { type: string; data: { sentAt: number; seq: number } };
          if (frame.type !== 'tick') return;
          const phase = paced.owns(frame.data.seq) ? paced : saturation;
          phase.record(frame.data.seq, at - frame.data.sentAt, instance === 0, at);
        });
        return socket;
      }),
    );
    sockets.push(...opened);
  }
  // Presence joins travel through Redis too; give every instance a moment to settle.
  await sleep(1000);
  const sender = await openSocket(urls[0]!);
  const send = (seq: number): void =>
    sender.send(JSON.stringify({ type: 'broadcast', data: { sentAt: now(), seq } }));

  for (let seq = 0; seq < plan.pacedBroadcasts; seq++) {
    send(seq);
    await sleep(1000 / plan.perSecond);
  }
  await paced.until(() => paced.completed === plan.pacedBroadcasts, plan.drainTimeoutMs);

  let sent = 0;
  const started = now();
  const stopAt = started + plan.saturationMs;
  while (now() < stopAt && sent < maxSaturation) {
    while (sent - saturation.completed < plan.window && sent < maxSaturation)
      send(plan.pacedBroadcasts + sent++);
    // Wait for a tick to complete (or a stall: a lost delivery must not hang the phase).
    await saturation.until(() => sent - saturation.completed < plan.window, plan.drainTimeoutMs);
    if (sent - saturation.completed >= plan.window) break;
  }
  await saturation.until(() => saturation.completed === sent, plan.drainTimeoutMs);
  const seconds = ((saturation.lastDeliveryAt || now()) - started) / 1000;
  for (const socket of [...sockets, sender]) socket.terminate();
  return {
    clients,
    paced: {
      broadcasts: plan.pacedBroadcasts,
      deliveries: paced.deliveries,
      expected: plan.pacedBroadcasts * clients,
      local: stats(paced.local),
      remote: stats(paced.remote),
    },
    saturation: {
      broadcasts: sent,
      deliveries: saturation.deliveries,
      expected: sent * clients,
      seconds,
      deliveriesPerSecond: saturation.deliveries / seconds,
      latency: stats([...saturation.local, ...saturation.remote]),
    },
  };
}
