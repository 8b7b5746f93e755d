import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Test } from 'tap';
import WebSocket from 'ws';
import { TestSocket, type Frame } from '@halyard/core/testing';
import type { LogLine } from './log-capture.js';

// The chat processes of redis-cluster.test.ts: the built chat app run by fixtures/cluster-node.mjs.
const fixture = fileURLToPath(new URL('../../fixtures/cluster-node.mjs', import.meta.url));
const chatDist = fileURLToPath(new URL('../../../../apps/chat/dist/app.js', import.meta.url));

/** The nodes run the built chat app: fail at once, saying how to build it, when it is missing. */
export function requireChatBuild(): void {
  if (!existsSync(chatDist))
    throw new Error(`${chatDist} is missing: run \`npx tsc -b tsconfig.build.json\` first`);
}

interface NodeStatus {
  readonly instance: string;
  readonly available: boolean;
  readonly connections: ReadonlyArray<{ id: string; name: string; roomId: string }>;
}

/** One chat process with the Redis adapter, its stdout log lines, stderr and exit. */
export class ClusterNode {
  readonly logs: LogLine[] = [];
  stderr = '';
  exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  port = 0;
  readonly #child: ChildProcess;

  constructor(
    readonly name: string,
    env: Record<string, string>,
  ) {
    // execArgv: [] so the child runs as plain node, without tap's TypeScript loader.
    this.#child = fork(fixture, [], {
      env: { ...process.env, ...env, LOG_LEVEL: 'info' },
      execArgv: [],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    createInterface({ input: this.#child.stdout! }).on('line', (line) => {
      if (line.startsWith('{')) this.logs.push(JSON.parse(line) as LogLine);
    });
    this.#child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    this.#child.on('exit', (code, signal) => (this.exit = { code, signal }));
  }

  async ready(timeoutMs = 20_000): Promise<void> {
    this.port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${this.name}: not ready within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.#child.once('message', (message: { port: number }) => {
        clearTimeout(timer);
        resolve(message.port);
      });
      this.#child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${this.name} exited with ${String(code)} before it was ready: ${this.stderr}`));
      });
    });
  }

  get alive(): boolean {
    return this.exit === undefined;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  async status(): Promise<NodeStatus> {
    return (await (await fetch(this.url('/test/status'))).json()) as NodeStatus;
  }

  async post(path: string, body: unknown): Promise<void> {
    const response = await fetch(this.url(path), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.status !== 200)
      throw new Error(`${this.name} ${path}: HTTP ${response.status} ${await response.text()}`);
  }

  async stop(): Promise<void> {
    if (!this.alive) return;
    const exited = new Promise<void>((resolve) => this.#child.once('exit', () => resolve()));
    this.#child.kill('SIGTERM');
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }

  /** SIGKILL, like a crash or the OOM killer: no shutdown hook runs, nothing is removed from Redis. */
  async crash(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.#child.once('exit', () => resolve()));
    this.#child.kill('SIGKILL');
    await exited;
  }

  codes(code: string): LogLine[] {
    return this.logs.filter((line) => line.code === code);
  }
}

export interface Client {
  readonly name: string;
  readonly node: ClusterNode;
  readonly socket: TestSocket;
  id: string;
}

export async function connect(node: ClusterNode, name: string, room = 'general'): Promise<Client> {
  const raw = new WebSocket(`ws://127.0.0.1:${node.port}/ws/rooms/${room}?name=${name}`);
  const socket = new TestSocket(raw);
  await new Promise<void>((resolve, reject) => {
    raw.once('open', () => resolve());
    raw.once('error', reject);
  });
  // The chat's @OnConnect ends by announcing the join to the room, the new member included.
  await socket.next((frame) => frame.type === 'message.created' && textOf(frame) === `${name} joined`);
  const id = (await node.status()).connections.find((connection) => connection.name === name)?.id;
  if (!id) throw new Error(`${name} is not listed by ${node.name}`);
  return { name, node, socket, id };
}

export function textOf(frame: Frame): string {
  return (frame.data as { text: string }).text;
}

/** The texts of the user messages a client was pushed. */
export function userMessages(client: Client): string[] {
  return client.socket.frames
    .filter((frame) => frame.type === 'message.created' && (frame.data as { kind: string }).kind === 'user')
    .map(textOf);
}

export function presenceOf(client: Client, kind: 'joined' | 'left'): string[] {
  return client.socket.frames
    .filter((frame) => frame.type === `presence.${kind}`)
    .map((frame) => (frame.data as { member: { data: { name: string } } }).member.data.name);
}

let barrier = 0;
/** Every node broadcasts a marker; once a client has all three, everything sent before has reached it. */
export async function settle(nodes: readonly ClusterNode[], clients: readonly Client[]): Promise<void> {
  const token = `barrier-${++barrier}`;
  for (const node of nodes)
    await node.post('/test/broadcast', { type: 'barrier', data: { token, from: node.name } });
  for (const client of clients)
    for (const node of nodes)
      await client.socket.next(
        (frame) =>
          frame.type === 'barrier' &&
          (frame.data as { token: string; from: string }).token === token &&
          (frame.data as { from: string }).from === node.name,
      );
}

export async function say(t: Test, client: Client, text: string): Promise<void> {
  const reply = await client.socket.request('send', { text });
  t.equal(reply.type, 'reply', `${client.name} sent "${text}"`);
}
export async function fetchMembers(node: ClusterNode): Promise<Array<{ id: string }>> {
  return (await (await fetch(node.url('/test/members/room:general'))).json()) as Array<{ id: string }>;
}
