import { performance } from 'node:perf_hooks';
import { loadResult, percentile, type LoadResult } from '../load-figures.js';
import type { Transport } from '../systems/system.js';
import { connectPeer, type BcastPayload, type ChatPayload, type Peer } from './peer.js';

/** What one timed request/reply window measured on the client side. */
export interface LoadFigures extends LoadResult {
  /** The load client's event-loop utilisation over the window (above 0.9 the figure is a lower bound). */
  readonly clientElu: number;
}

/** What a series of broadcasts measured: time from send until every client had it. */
export interface BroadcastFigures {
  readonly broadcasts: number;
  readonly clients: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly clientElu: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const valid = (index: number): ChatPayload => ({
  room: 'bench',
  text: `hello from ${index}`,
  userId: index + 1,
});

/** The load client's connections and what it can do with them; one instance per client process. */
export class LoadDriver {
  private readonly peers: Peer[] = [];
  private broadcastSeq = -1;
  private received = 0;
  private allReceived: (() => void) | undefined;

  /** Opens connections until there are `total`, `batch` handshakes at a time. */
  async connect(options: {
    transport: Transport;
    port: number;
    path: string;
    total: number;
  }): Promise<number> {
    const batch = 200;
    while (this.peers.length < options.total) {
      const count = Math.min(batch, options.total - this.peers.length);
      const opened = await Promise.all(
        Array.from({ length: count }, () => connectPeer(options.transport, options.port, options.path)),
      );
      for (const peer of opened) {
        peer.onBroadcast((data) => this.onBroadcast(data));
        this.peers.push(peer);
      }
    }
    return this.peers.length;
  }

  /** Proves the system validates: a valid message is answered, each invalid one gets an error. */
  async smoke(): Promise<string[]> {
    const peer = this.peers[0];
    if (!peer) throw new Error('smoke needs a connection');
    const ask = (data: ChatPayload): Promise<{ ok: boolean; detail: string }> =>
      new Promise((resolve) => peer.request(data, (ok, detail) => resolve({ ok, detail })));
    const problems: string[] = [];
    const answer = await ask(valid(0));
    if (!answer.ok) problems.push(`a valid message was refused: ${answer.detail}`);
    const invalid: ChatPayload[] = [
      { room: '', text: 'hi', userId: 1 },
      { room: 'bench', text: 'x'.repeat(1001), userId: 1 },
      { room: 'bench', text: 'hi', userId: 1.5 },
      { room: 'bench', text: 'hi', userId: 0 },
    ];
    for (const data of invalid) {
      const refused = await ask(data);
      if (refused.ok) problems.push(`an invalid message was answered: ${JSON.stringify(data).slice(0, 80)}`);
    }
    return problems;
  }

  /** Keeps `window` requests in flight on each of the first `connections` connections. */
  async load(options: {
    connections: number;
    window: number;
    warmupMs: number;
    durationMs: number;
  }): Promise<LoadFigures> {
    const latencies: number[] = [];
    let measuring = false;
    let stopped = false;
    let messages = 0;
    let errors = 0;
    let inFlight = 0;
    const peers = this.peers.slice(0, options.connections);
    if (peers.length < options.connections) throw new Error(`only ${peers.length} connections are open`);
    peers.forEach((peer, index) => {
      const data = valid(index);
      const fire = (): void => {
        if (stopped) return;
        const sentAt = performance.now();
        inFlight++;
        peer.request(data, (ok) => {
          inFlight--;
          if (measuring) {
            if (ok) {
              messages++;
              latencies.push(performance.now() - sentAt);
            } else errors++;
          }
          fire();
        });
      };
      for (let i = 0; i < options.window; i++) fire();
    });
    await sleep(options.warmupMs);
    measuring = true;
    const elu = performance.eventLoopUtilization();
    const started = performance.now();
    await sleep(options.durationMs);
    measuring = false;
    const seconds = (performance.now() - started) / 1000;
    const clientElu = performance.eventLoopUtilization(elu).utilization;
    stopped = true;
    // Drain what is still in flight: the next scenario starts on a quiet connection, and the suite
    // reads the server's CPU per reply over the whole run, from idle to idle.
    const drainUntil = performance.now() + 10_000;
    while (inFlight > 0 && performance.now() < drainUntil) await sleep(10);
    return { ...loadResult({ messages, errors, seconds }, latencies), clientElu };
  }

  /** `warmup` then `count` broadcasts one after the other, each timed until every connection had it. */
  async broadcast(options: { count: number; warmup: number }): Promise<BroadcastFigures> {
    const times: number[] = [];
    for (let i = 0; i < options.warmup; i++) await this.broadcastOnce();
    const elu = performance.eventLoopUtilization();
    for (let i = 0; i < options.count; i++) times.push(await this.broadcastOnce());
    const clientElu = performance.eventLoopUtilization(elu).utilization;
    const sorted = Float64Array.from(times).sort();
    return {
      broadcasts: options.count,
      clients: this.peers.length,
      p50Ms: percentile(sorted, 50),
      p99Ms: percentile(sorted, 99),
      clientElu,
    };
  }

  /** Closes every connection past the first `keep` and gives the server a moment to see it. */
  async trim(keep: number): Promise<number> {
    for (const peer of this.peers.splice(keep)) peer.close();
    await sleep(1000);
    return this.peers.length;
  }

  close(): void {
    for (const peer of this.peers.splice(0)) peer.close();
  }

  private async broadcastOnce(): Promise<number> {
    const sender = this.peers[0];
    if (!sender) throw new Error('broadcast needs a connection');
    this.broadcastSeq++;
    this.received = 0;
    const started = performance.now();
    const done = new Promise<void>((resolve) => {
      this.allReceived = resolve;
    });
    sender.sendBroadcast({ seq: this.broadcastSeq, sentAt: Date.now() });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(
              `broadcast ${this.broadcastSeq}: ${this.received} of ${this.peers.length} received in 10 s`,
            ),
          ),
        10_000,
      );
    });
    try {
      await Promise.race([done, timeout]);
    } finally {
      clearTimeout(timer);
    }
    return performance.now() - started;
  }

  private onBroadcast(data: BcastPayload): void {
    if (data.seq !== this.broadcastSeq) return;
    this.received++;
    if (this.received === this.peers.length) this.allReceived?.();
  }
}
