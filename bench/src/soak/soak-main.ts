import { fork, spawn, type ChildProcess } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { SoakClientSummary, SoakCommand, SoakReport, SoakSample } from './soak-protocol.js';
import { renderSoakSection } from './soak-report.js';

/**
 * `pnpm soak`: a soak server and a load client in two processes. The client keeps
 * SOAK_CONNECTIONS (1000) connections busy for SOAK_SECONDS (600) with mixed valid and invalid
 * traffic, joins, leaves, abrupt disconnects and reconnects; every SOAK_SAMPLE_SECONDS the
 * server reports RSS, heap, active handles and its `inspectRuntime` counts. After the client has
 * gone, the server must become idle with every count back to 0. The table goes into
 * docs/reliability.md between the soak markers.
 */
const seconds = Number(process.env['SOAK_SECONDS'] ?? 600);
const connections = Number(process.env['SOAK_CONNECTIONS'] ?? 1000);
const rate = Number(process.env['SOAK_RATE'] ?? 1);
const sampleEvery = Number(process.env['SOAK_SAMPLE_SECONDS'] ?? Math.max(5, Math.round(seconds / 12)));

const script = (file: string): string => fileURLToPath(new URL(file, import.meta.url));

function request(server: ChildProcess, command: SoakCommand, kind: 'sample' | 'idle'): Promise<SoakSample> {
  return new Promise((resolve, reject) => {
    const onMessage = (report: SoakReport): void => {
      if (report.kind === 'failed') {
        server.off('message', onMessage);
        reject(new Error(`soak server: ${report.message}`));
      } else if (report.kind === kind) {
        server.off('message', onMessage);
        resolve(report.sample);
      }
    };
    server.on('message', onMessage);
    server.send(command);
  });
}

const server = fork(script('./soak-server.js'), [], {
  execArgv: ['--expose-gc'],
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const port = await new Promise<number>((resolve, reject) => {
  server.once('message', (report: SoakReport) =>
    report.kind === 'ready' ? resolve(report.port) : reject(new Error(JSON.stringify(report))),
  );
  server.once('exit', (code) => reject(new Error(`the soak server exited with ${String(code)}`)));
});
console.log(
  `soak: ${connections} connections for ${seconds} s against port ${port}, a sample every ${sampleEvery} s`,
);

const samples: SoakSample[] = [await request(server, { kind: 'sample' }, 'sample')];
const client = spawn(
  process.execPath,
  [
    script('./soak-client.js'),
    `ws://127.0.0.1:${port}/soak`,
    String(connections),
    String(seconds),
    String(rate),
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
let clientOutput = '';
client.stdout.on('data', (chunk: Buffer) => (clientOutput += chunk.toString('utf8')));
const clientDone = new Promise<void>((resolve) => client.once('exit', () => resolve()));
const sampler = setInterval(() => {
  void request(server, { kind: 'sample' }, 'sample').then((sample) => {
    samples.push(sample);
    console.log(
      `  ${sample.at} s: rss ${sample.rssMiB} MiB, heap ${sample.heapUsedMiB} MiB, ${sample.connections} connections, ${sample.activeHandles} handles`,
    );
  });
}, sampleEvery * 1000);
await clientDone;
clearInterval(sampler);
const summary = JSON.parse(clientOutput.trim().split('\n').pop() ?? '{}') as SoakClientSummary;
const idle = await request(server, { kind: 'idle' }, 'idle');
server.send({ kind: 'stop' } satisfies SoakCommand);
await new Promise((resolve) => server.once('exit', resolve));

const section = renderSoakSection({
  seconds,
  connections,
  rate,
  samples,
  idle,
  client: summary,
  machine: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`,
});
const docUrl = new URL('../../../docs/reliability.md', import.meta.url);
const doc = await readFile(docUrl, 'utf8');
const start = '<!-- soak:start -->';
const end = '<!-- soak:end -->';
const from = doc.indexOf(start);
const to = doc.indexOf(end);
if (from < 0 || to < from) throw new Error(`docs/reliability.md has no ${start} ... ${end} section`);
// The generated table is not formatted by prettier (its columns would be re-padded on every run).
await writeFile(
  docUrl,
  `${doc.slice(0, from + start.length)}\n<!-- prettier-ignore-start -->\n${section}\n<!-- prettier-ignore-end -->\n${doc.slice(to)}`,
);
console.log(section);
console.log('written to docs/reliability.md');
const leftover = Object.entries(idle).filter(
  ([key, value]) =>
    typeof value === 'number' &&
    ![
      'at',
      'rssMiB',
      'heapUsedMiB',
      'activeHandles',
      'connectionsTotal',
      'messagesIn',
      'messagesOut',
      'logLines',
      'errorLogLines',
    ].includes(key) &&
    value !== 0,
);
if (leftover.length > 0 || idle.errorLogLines > 0 || summary.unanswered > 0) {
  console.error(
    `soak: not clean after the run: ${JSON.stringify(Object.fromEntries(leftover))}, ${idle.errorLogLines} error log lines, ${summary.unanswered} requests unanswered`,
  );
  process.exitCode = 1;
}
