import { setTimeout as sleep } from 'node:timers/promises';
import { chatPath } from '../systems/chat-protocol.js';
import { systems, type SystemName } from '../systems/registry.js';
import { DriverProcess, ServerProcess } from './child-processes.js';
import type { BroadcastFigures, LoadFigures } from './load-driver.js';
import type { LoadScenario } from './plan.js';
import type { RestFigures } from './rest-load.js';

/** A load window with the server's CPU time per answered message. */
export interface LoadSample extends LoadFigures {
  readonly serverCpuMicrosPerMessage: number;
}

/** A broadcast series with the server's CPU time per broadcast. */
export interface BroadcastSample extends BroadcastFigures {
  readonly serverCpuMsPerBroadcast: number;
}

/** Server memory added by idle connections, after GC, per connection. */
export interface IdleSample {
  readonly connections: number;
  readonly rssKbPerConnection: number;
  readonly heapKbPerConnection: number;
}

/** One system's server and the load client, connected, smoke-tested; stopped by `stop()`. */
export class Session {
  private constructor(
    readonly system: SystemName,
    readonly server: ServerProcess,
    readonly driver: DriverProcess,
  ) {}

  /** Starts the system and the client and proves the system validates before anything is timed. */
  static async open(system: SystemName): Promise<Session> {
    const server = await ServerProcess.start(system);
    const session = new Session(system, server, DriverProcess.start());
    try {
      await session.connect(1);
      const problems = await session.driver.call<string[]>('smoke');
      if (problems.length > 0) throw new Error(`${system} failed the smoke step: ${problems.join('; ')}`);
    } catch (error) {
      await session.stop();
      throw error;
    }
    return session;
  }

  connect(total: number): Promise<number> {
    return this.driver.call('connect', {
      transport: systems[this.system].transport,
      port: this.server.port,
      path: chatPath,
      total,
    });
  }

  /** A timed load window; server CPU per reply over the whole run (warm-up and drain included). */
  async load(scenario: LoadScenario, timing: { durationMs: number; warmupMs: number }): Promise<LoadSample> {
    await this.connect(scenario.connections);
    const { figures, cpuMicros, served } = await this.timed<LoadFigures>('load', {
      connections: scenario.connections,
      window: scenario.window,
      ...timing,
    });
    if (figures.errors > 0)
      throw new Error(`${this.system} answered ${figures.errors} valid messages with errors`);
    return { ...figures, serverCpuMicrosPerMessage: cpuMicros / Math.max(1, served) };
  }

  async broadcast(count: number): Promise<BroadcastSample> {
    const warmup = 2;
    const { figures, cpuMicros } = await this.timed<BroadcastFigures>('broadcast', { count, warmup });
    return { ...figures, serverCpuMsPerBroadcast: cpuMicros / 1000 / (count + warmup) };
  }

  /** Memory of `total` idle connections against one, both after GC. */
  async idle(total: number): Promise<IdleSample> {
    const before = await this.server.stats(true);
    await this.connect(total);
    await sleep(500);
    const after = await this.server.stats(true);
    const added = total - 1;
    return {
      connections: total,
      rssKbPerConnection: (after.rss - before.rss) / 1024 / added,
      heapKbPerConnection:
        (after.heapUsed + after.external - before.heapUsed - before.external) / 1024 / added,
    };
  }

  trim(keep: number): Promise<number> {
    return this.driver.call('trim', { keep });
  }

  async rest(options: { connections: number; durationMs: number }): Promise<RestFigures> {
    const problems = await this.driver.call<string[]>('smoke-rest', { port: this.server.port });
    if (problems.length > 0)
      throw new Error(`${this.system} failed the REST smoke step: ${problems.join('; ')}`);
    return this.driver.call('rest', { port: this.server.port, ...options });
  }

  async stop(): Promise<void> {
    await Promise.allSettled([this.driver.stop(), this.server.stop()]);
  }

  /**
   * Runs a command between two reads of the server's CPU time and reply count, both taken while
   * the server is idle: a busy server answers a read only after a whole event-loop turn, so a read
   * in the middle of the load would not line up with the client's window.
   */
  private async timed<T>(
    cmd: string,
    args: Record<string, unknown>,
  ): Promise<{ figures: T; cpuMicros: number; served: number }> {
    const first = await this.server.stats();
    const figures = await this.driver.call<T>(cmd, args);
    const last = await this.server.stats();
    return { figures, cpuMicros: last.cpuMicros - first.cpuMicros, served: last.served - first.served };
  }
}
