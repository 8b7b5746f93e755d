import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectPeer, type Peer } from '../suite/peer.js';
import { chatPath } from '../systems/chat-protocol.js';

/**
 * `node bench/dist/hot-path/hot-path-driver.js <system> [connections] [window] [messages]`:
 * pushes `messages` valid chat requests (`window` in flight per connection) through one system
 * in its own process and prints the server's CPU µs per message. With HOT_PATH_CALLGRIND=1 the
 * server runs under `valgrind --tool=callgrind` and the figure is instructions per message,
 * counted only between the warm-up and the end (repeatable on a loaded machine). With
 * HOT_PATH_IDLE=<n> it opens n idle connections and prints the server's heap and RSS per connection.
 */
const [name = 'halyard', connections = '50', window = '1', total = '20000'] = process.argv.slice(2);
const callgrind = process.env['HOT_PATH_CALLGRIND'] === '1';
const warmup = Number(process.env['HOT_PATH_WARMUP'] ?? (callgrind ? 3000 : 20_000));
const outDir = join(tmpdir(), `hot-path-${process.pid}`);
const script = new URL('hot-path-server.js', import.meta.url).pathname;
const nodeArgs = [
  '--expose-gc',
  ...(process.env['HOT_PATH_CPU_PROF']
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env['HOT_PATH_CPU_PROF']}`]
    : []),
];
const child: ChildProcess = callgrind
  ? spawn(
      'valgrind',
      [
        '--tool=callgrind',
        '--instr-atstart=no',
        `--callgrind-out-file=${outDir}.%p`,
        process.execPath,
        ...nodeArgs,
        script,
        name,
      ],
      { stdio: ['ignore', 'inherit', 'ignore', 'ipc'] },
    )
  : spawn(process.execPath, [...nodeArgs, script, name], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });

const next = <T>(key: string): Promise<T> =>
  new Promise((resolve) => {
    const listener = (message: Record<string, unknown>): void => {
      if (!(key in message)) return;
      child.off('message', listener);
      resolve(message[key] as T);
    };
    child.on('message', listener);
  });

const port = await next<number>('port');
const peers: Peer[] = [];
interface Memory {
  heapUsed: number;
  rss: number;
}
const memory = async (): Promise<Memory> => {
  child.send('memory');
  return next<Memory>('memory');
};
const stopServer = async (): Promise<void> => {
  for (const peer of peers) peer.close();
  child.send('stop');
  await new Promise((resolve) => child.once('exit', resolve));
};
// HOT_PATH_IDLE=<n>: heap and RSS per idle connection instead of the message figures.
const idle = Number(process.env['HOT_PATH_IDLE'] ?? 0);
if (idle > 0) {
  // One connection and one message first, so what the first connection loads is not counted.
  peers.push(await connectPeer('json', port, chatPath));
  await new Promise((resolve) => peers[0]?.request({ room: 'r', text: 't', userId: 1 }, resolve));
  const before = await memory();
  while (peers.length <= idle) {
    const batch = Math.min(200, idle + 1 - peers.length);
    peers.push(
      ...(await Promise.all(Array.from({ length: batch }, () => connectPeer('json', port, chatPath)))),
    );
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  const after = await memory();
  const perConnection = (bytes: number): number => Math.round(bytes / idle);
  console.log(
    JSON.stringify({
      system: name,
      idle,
      heapBytesPerConnection: perConnection(after.heapUsed - before.heapUsed),
      rssBytesPerConnection: perConnection(after.rss - before.rss),
    }),
  );
  await stopServer();
  process.exit(0);
}
for (let index = 0; index < Number(connections); index++)
  peers.push(await connectPeer('json', port, chatPath));

/** Sends `count` messages spread over the peers with `window` in flight each; resolves when all are answered. */
function push(count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = 0;
    const send = (peer: Peer, index: number): void => {
      if (sent >= count) return;
      sent++;
      peer.request({ room: 'bench', text: `hello from ${index}`, userId: index + 1 }, (ok, detail) => {
        if (!ok) reject(new Error(detail));
        if (++answered === count) resolve();
        else send(peer, index);
      });
    };
    peers.forEach((peer, index) => {
      for (let slot = 0; slot < Number(window); slot++) send(peer, index);
    });
  });
}

await push(warmup);
const pid = child.pid as number;
const callgrindControl = (flag: string): void => {
  execFileSync('callgrind_control', [flag, String(pid)], { stdio: 'ignore' });
};
child.send('cpu');
const cpuBefore = await next<number>('cpuMicros');
if (callgrind) callgrindControl('--instr=on');
const started = process.hrtime.bigint();
await push(Number(total));
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
if (callgrind) callgrindControl('--instr=off');
child.send('cpu');
const cpuAfter = await next<number>('cpuMicros');
await stopServer();
const messages = Number(total);
const figures: Record<string, number | string> = {
  system: name,
  connections: Number(connections),
  window: Number(window),
  messages,
  serverCpuMicrosPerMessage: Number(((cpuAfter - cpuBefore) / messages).toFixed(2)),
  perSecond: Math.round(messages / seconds),
};
if (callgrind) {
  const dir = tmpdir();
  const prefix = `hot-path-${process.pid}.`;
  let instructions = 0;
  for (const file of readdirSync(dir).filter((entry) => entry.startsWith(prefix))) {
    // Instrumentation was switched on and off by hand, so `summary` stays 0 and `totals` counts.
    const totals = /^totals: (\d+)/m.exec(readFileSync(join(dir, file), 'utf8'));
    instructions += Number(totals?.[1] ?? 0);
    if (!process.env['HOT_PATH_KEEP']) rmSync(join(dir, file));
  }
  figures['instructionsPerMessage'] = Math.round(instructions / messages);
}
console.log(JSON.stringify(figures));
