import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import t, { type Test } from 'tap';
import WebSocket from 'ws';
import { TestSocket, type Frame } from '@halyard/core/testing';
import { closedPort } from './helpers/closed-port.js';
import type { LogLine } from './helpers/log-capture.js';
import { deleteKeysUnder, keysUnder, REDIS_URL, uniquePrefix } from './helpers/redis-test-keys.js';

// apps/chat's real entry point (dist/main.js), configured only through its environment, as a
// deployment runs it: REDIS_URL, REDIS_PREFIX, REDIS_LOCAL_FALLBACK, PORT=0, ADMIN_TOKEN.

const mainDist = fileURLToPath(new URL('../../../apps/chat/dist/main.js', import.meta.url));
const adminToken = 'integration-admin-token';

/** One `node apps/chat/dist/main.js` process: its JSON log lines, stderr, exit. */
class ChatMain {
  readonly logs: LogLine[] = [];
  stderr = '';
  exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  readonly exited: Promise<void>;
  readonly #child: ChildProcess;

  constructor(env: Record<string, string>) {
    this.#child = spawn(process.execPath, [mainDist], {
      env: { ...process.env, HOST: '127.0.0.1', PORT: '0', ADMIN_TOKEN: adminToken, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    createInterface({ input: this.#child.stdout! }).on('line', (line) => {
      if (line.startsWith('{')) this.logs.push(JSON.parse(line) as LogLine);
    });
    this.#child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    this.exited = new Promise((resolve) =>
      this.#child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve();
      }),
    );
  }

  /** The port from the `chat ready` line (PORT=0: the OS chose it). */
  async ready(timeoutMs = 20_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const line = this.logs.find((entry) => entry.msg.startsWith('chat ready: '));
      if (line) return line['port'] as number;
      if (this.exit) throw new Error(`chat exited with ${JSON.stringify(this.exit)}: ${this.stderr}`);
      if (Date.now() > deadline) throw new Error(`chat not ready within ${timeoutMs} ms: ${this.stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async stop(): Promise<void> {
    if (this.exit) return;
    this.#child.kill('SIGTERM');
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 5_000);
    await this.exited;
    clearTimeout(timer);
  }
}

interface Client {
  readonly name: string;
  readonly socket: TestSocket;
}

async function connect(port: number, name: string): Promise<Client> {
  const raw = new WebSocket(`ws://127.0.0.1:${port}/ws/rooms/general?name=${name}`);
  const socket = new TestSocket(raw);
  await new Promise<void>((resolve, reject) => {
    raw.once('open', () => resolve());
    raw.once('error', reject);
  });
  await socket.next((frame) => frame.type === 'message.created' && textOf(frame) === `${name} joined`);
  return { name, socket };
}

const textOf = (frame: Frame): string => (frame.data as { text: string }).text;

async function start(t: Test, env: Record<string, string>): Promise<{ chat: ChatMain; port: number }> {
  if (!existsSync(mainDist))
    throw new Error(`${mainDist} is missing: run \`npx tsc -b tsconfig.build.json\` first`);
  const chat = new ChatMain(env);
  t.teardown(() => chat.stop());
  return { chat, port: await chat.ready() };
}

async function admin(port: number, path: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`http://127.0.0.1:${port}/admin/api/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

t.test('two chat processes with REDIS_URL: chat and admin commands cross instances', async (t) => {
  const keyPrefix = uniquePrefix('chat-main');
  t.teardown(() => deleteKeysUnder(keyPrefix));
  const env = { REDIS_URL, REDIS_PREFIX: keyPrefix };
  const [a, b] = await Promise.all([start(t, env), start(t, env)]);
  t.not(a.port, b.port, 'two ports chosen by the OS');
  for (const { chat } of [a, b])
    t.strictSame(
      chat.logs.filter((line) => line.msg.startsWith('chat ready: ')).map(({ redis }) => redis),
      ['redis'],
      'started on the Redis adapter',
    );
  t.ok(
    (await keysUnder(keyPrefix)).includes(`${keyPrefix}:presence:instances`),
    'the instances registered under REDIS_PREFIX',
  );

  const ann = await connect(a.port, 'ann');
  const bob = await connect(b.port, 'bob');
  await ann.socket.next(
    (frame) =>
      frame.type === 'presence.joined' &&
      (frame.data as { member: { data: { name: string } } }).member.data.name === 'bob',
  );
  const reply = await ann.socket.request('send', { text: 'hello from A' });
  t.equal(reply.type, 'reply');
  const created = await bob.socket.next(
    (frame) => frame.type === 'message.created' && textOf(frame) === 'hello from A',
  );
  t.strictSame(
    { author: (created.data as { author: string }).author, kind: (created.data as { kind: string }).kind },
    { author: 'ann', kind: 'user' },
    "ann's message on A reached bob on B",
  );
  const members = (await bob.socket.request('members')).data as Array<{ id: string; name: string }>;
  t.strictSame(
    members.map((member) => member.name),
    ['ann', 'bob'],
  );
  const bobId = members.find((member) => member.name === 'bob')!.id;

  // Admin on A, connection on B: not found locally, so forwarded through Redis.
  t.strictSame(
    await admin(a.port, 'send', {
      target: 'connection',
      id: bobId,
      type: 'notice',
      data: { text: 'from admin' },
    }),
    { status: 200, body: { target: 'connection', type: 'notice', localRecipients: 0 } },
  );
  t.strictSame(await bob.socket.nextPush('notice'), { type: 'notice', data: { text: 'from admin' } });
  t.strictSame(
    ann.socket.frames.filter((frame) => frame.type === 'notice'),
    [],
    'only bob got it',
  );
  t.strictSame(await admin(a.port, 'disconnect', { id: bobId, code: 4003, reason: 'bye from admin' }), {
    status: 200,
    body: { id: bobId, code: 4003, reason: 'bye from admin' },
  });
  t.strictSame(
    await bob.socket.closed,
    { code: 4003, reason: 'bye from admin' },
    'B closed bob as asked on A',
  );
  const left = await ann.socket.nextPush('presence.left');
  t.strictSame((left.data as { member: { id: string } }).member.id, bobId, 'ann hears bob leave');

  await Promise.all([a.chat.stop(), b.chat.stop()]);
  t.strictSame(
    [a.chat.exit, b.chat.exit],
    [
      { code: 0, signal: null },
      { code: 0, signal: null },
    ],
  );
  t.strictSame([a.chat.stderr, b.chat.stderr], ['', '']);
});

t.test('REDIS_LOCAL_FALLBACK=1 starts without Redis; without it the chat refuses to start', async (t) => {
  const port = await closedPort();
  const url = `redis://127.0.0.1:${port}`;
  const fallback = await start(t, {
    REDIS_URL: url,
    REDIS_PREFIX: uniquePrefix('fallback'),
    REDIS_LOCAL_FALLBACK: '1',
  });
  t.strictSame(
    fallback.chat.logs
      .filter((line) => line.code === 'HALYARD_ERR_REDIS_UNAVAILABLE')
      .map(({ level, msg }) => ({ level, msg })),
    [
      {
        level: 40,
        msg:
          `cannot reach Redis at ${url} (connect ECONNREFUSED 127.0.0.1:${port}); ` +
          "serving this instance's connections only while reconnecting in the background",
      },
    ],
  );
  const ann = await connect(fallback.port, 'ann');
  const cid = await connect(fallback.port, 'cid');
  t.equal((await cid.socket.request('send', { text: 'local only' })).type, 'reply');
  t.equal(
    textOf(
      await ann.socket.next((frame) => frame.type === 'message.created' && textOf(frame) === 'local only'),
    ),
    'local only',
    'this instance serves its own clients',
  );

  const refused = new ChatMain({ REDIS_URL: url, REDIS_PREFIX: uniquePrefix('refused') });
  t.teardown(() => refused.stop());
  await refused.exited;
  t.strictSame(refused.exit, { code: 1, signal: null });
  t.match(
    refused.stderr,
    `RedisAdapterError: HALYARD_ERR_REDIS_UNAVAILABLE: cannot reach Redis at ${url} ` +
      `(connect ECONNREFUSED 127.0.0.1:${port}); start Redis, fix the url, ` +
      "or pass onUnavailableAtStart: 'local' to start without it",
  );
});
