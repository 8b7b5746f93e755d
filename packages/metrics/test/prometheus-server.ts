import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's Prometheus; `.ci/run` installs the `prometheus` package when it is missing. */
export const prometheusBinary = process.env['PROMETHEUS_BIN'] ?? '/usr/bin/prometheus';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

interface QueryAnswer {
  status: string;
  data: { resultType: string; result: Array<{ metric: Record<string, string>; value: [number, string] }> };
}

/** A real Prometheus on a free port, scraping one target every 250 ms, with its data in a temp dir. */
export class PrometheusServer {
  readonly #process: ChildProcess;
  readonly #dir: string;
  readonly url: string;
  #output = '';

  private constructor(process: ChildProcess, dir: string, url: string) {
    this.#process = process;
    this.#dir = dir;
    this.url = url;
    process.stdout?.on(
      'data',
      (chunk: Buffer) => (this.#output = (this.#output + chunk.toString()).slice(-4_000)),
    );
    process.stderr?.on(
      'data',
      (chunk: Buffer) => (this.#output = (this.#output + chunk.toString()).slice(-4_000)),
    );
  }

  static async start(target: { host: string; port: number; path: string }): Promise<PrometheusServer> {
    const dir = await mkdtemp(join(tmpdir(), 'halyard-prometheus-'));
    const config = [
      'global:',
      '  scrape_interval: 250ms',
      '  scrape_timeout: 200ms',
      'scrape_configs:',
      '  - job_name: halyard',
      `    metrics_path: ${target.path}`,
      '    static_configs:',
      `      - targets: ['${target.host}:${target.port}']`,
      '',
    ].join('\n');
    await writeFile(join(dir, 'prometheus.yml'), config);
    const port = await freePort();
    const child = spawn(
      prometheusBinary,
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const server = new PrometheusServer(child, dir, `http://127.0.0.1:${port}`);
    await server.#waitReady();
    return server;
  }

  async #waitReady(): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (this.#process.exitCode !== null) throw new Error(`prometheus exited: ${this.#output}`);
      try {
        if ((await fetch(`${this.url}/-/ready`)).ok) return;
      } catch (error) {
        if (!(error instanceof TypeError)) throw error; // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`prometheus was not ready within 20 s: ${this.#output}`);
  }

  /** An instant query through the HTTP API. */
  async query(promql: string): Promise<QueryAnswer['data']['result']> {
    const response = await fetch(`${this.url}/api/v1/query?query=${encodeURIComponent(promql)}`);
    const answer = (await response.json()) as QueryAnswer;
    if (answer.status !== 'success') throw new Error(`query ${promql} failed: ${JSON.stringify(answer)}`);
    return answer.data.result;
  }

  /** The single value of a query that sums to one number, or `undefined` while there is no sample. */
  async scalar(promql: string): Promise<number | undefined> {
    const result = await this.query(promql);
    return result[0] === undefined ? undefined : Number(result[0].value[1]);
  }

  /** Polls until the query's value is `expected` (a scrape after the traffic), or returns the last value seen. */
  async until(promql: string, expected: number, timeoutMs = 15_000): Promise<number | undefined> {
    const deadline = Date.now() + timeoutMs;
    let last: number | undefined;
    while (Date.now() < deadline) {
      last = await this.scalar(promql);
      if (last === expected) return last;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return last;
  }

  async targetHealth(): Promise<string[]> {
    const response = await fetch(`${this.url}/api/v1/targets`);
    const answer = (await response.json()) as { data: { activeTargets: Array<{ health: string }> } };
    return answer.data.activeTargets.map((target) => target.health);
  }

  async stop(): Promise<void> {
    if (this.#process.exitCode === null) {
      const exited = new Promise((resolve) => this.#process.once('exit', resolve));
      this.#process.kill('SIGTERM');
      await exited;
    }
    await rm(this.#dir, { recursive: true, force: true });
  }
}
