import { servedReplies } from '../systems/chat-protocol.js';
import { serveUntilTerminated } from '../process-helpers.js';
import { isSystemName, systems } from '../systems/registry.js';

/**
 * One system under test in its own process: `node --expose-gc system-main.js <system>`. Prints
 * `ready <port>`; answers `{ cmd: 'stats', gc }` on the IPC channel with its CPU time and memory, so
 * the suite measures the server's own cost (process.cpuUsage deltas), not the machine's.
 */

/** What a server reports about itself. */
export interface ServerStats {
  readonly cpuMicros: number;
  /** Replies built so far, read in the same step as `cpuMicros`. */
  readonly served: number;
  readonly rss: number;
  readonly heapUsed: number;
  readonly external: number;
}

const [name] = process.argv.slice(2);
if (name === undefined || !isSystemName(name)) {
  console.error(`usage: system-main.js <${Object.keys(systems).join('|')}>`);
  process.exit(2);
}
const gc = (globalThis as { gc?: () => void }).gc;

function stats(collect: boolean): ServerStats {
  if (collect && gc) {
    // Twice: the first pass may only promote what the second frees.
    gc();
    gc();
  }
  const cpu = process.cpuUsage();
  const memory = process.memoryUsage();
  return {
    cpuMicros: cpu.user + cpu.system,
    served: servedReplies(),
    rss: memory.rss,
    heapUsed: memory.heapUsed,
    external: memory.external + memory.arrayBuffers,
  };
}

const running = await systems[name].start();
process.on('message', (message: { cmd?: string; gc?: boolean; seq?: number }) => {
  if (message.cmd === 'stats') process.send?.({ seq: message.seq, stats: stats(message.gc === true) });
});
serveUntilTerminated(running);
