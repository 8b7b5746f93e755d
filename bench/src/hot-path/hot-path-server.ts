import { isSystemName, systems } from '../systems/registry.js';

/**
 * One system under test for the hot-path driver, in a process of its own (so `valgrind` or
 * `--cpu-prof` sees the server only). Answers the driver over IPC: `cpu` with its CPU time so
 * far, `memory` with its heap and RSS after a full GC, `stop` by closing and exiting.
 */
const name = process.argv[2] ?? 'halyard';
if (!isSystemName(name)) throw new Error(`unknown system ${name}`);
const running = await systems[name].start();
process.send?.({ port: running.port });
process.on('message', (message: unknown) => {
  if (message === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send?.({ cpuMicros: user + system });
    return;
  }
  if (message === 'memory') {
    // --expose-gc: what stays after a full collection is what the connections hold.
    (globalThis as { gc?: () => void }).gc?.();
    const { heapUsed, rss } = process.memoryUsage();
    process.send?.({ memory: { heapUsed, rss } });
    return;
  }
  if (message === 'stop') void running.stop().then(() => process.exit(0));
});
