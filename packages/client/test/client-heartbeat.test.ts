import type { AddressInfo } from 'node:net';
import t from 'tap';
import { WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import { WebSocket as WsWebSocket } from 'ws';
import { connect, type StatusChange } from '../src/index.js';
import { errorsOf, sleep, startServer, waitFor } from './fixtures/test-server.js';

/** A plain `ws` server speaking only the heartbeat: it records every frame and answers `$ping` unless `silent`. */
async function heartbeatServer(options: { silent: boolean }) {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const frames: string[][] = [];
  const sockets: ServerSocket[] = [];
  server.on('connection', (socket) => {
    const received: string[] = [];
    frames.push(received);
    sockets.push(socket);
    socket.on('message', (raw) => {
      const text = String(raw);
      received.push(text);
      const frame = JSON.parse(text) as { type: string; id: string };
      if (frame.type === '$ping' && !options.silent)
        socket.send(JSON.stringify({ type: '$pong', id: frame.id }));
    });
  });
  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    frames,
    sockets,
    close: () => {
      for (const socket of sockets) socket.terminate();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

t.test('a server that answers $ping keeps the link; $pong never reaches handlers', async (t) => {
  const server = await heartbeatServer({ silent: false });
  t.teardown(server.close);
  const client = connect(server.url, { heartbeat: { intervalMs: 40, timeoutMs: 60 } });
  t.teardown(() => client.close());
  const pongs: unknown[] = [];
  client.on('$pong', (data) => pongs.push(data));
  const errors = errorsOf(client);
  const changes: StatusChange[] = [];
  client.onStatus((change) => changes.push(change));
  await client.ready();
  await sleep(400); // ~8 intervals of silence, each answered

  t.equal(server.frames.length, 1, 'one connection all along');
  const sent = server.frames[0] ?? [];
  t.ok(sent.length >= 4, `pinged on every silence (${sent.length} pings)`);
  t.strictSame(sent.slice(0, 3), [
    '{"type":"$ping","id":"$hb1"}',
    '{"type":"$ping","id":"$hb2"}',
    '{"type":"$ping","id":"$hb3"}',
  ]);
  t.strictSame(changes, [{ status: 'connecting' }, { status: 'open' }]);
  t.strictSame(pongs, []);
  t.strictSame(errors, []);
});

t.test('a silent server: no frame within timeoutMs after $ping → reconnect with backoff', async (t) => {
  const server = await heartbeatServer({ silent: true });
  t.teardown(server.close);
  const client = connect(server.url, {
    heartbeat: { intervalMs: 40, timeoutMs: 60 },
    reconnect: { initialDelayMs: 20, maxDelayMs: 100 },
    random: () => 1,
  });
  t.teardown(() => client.close());
  const changes: StatusChange[] = [];
  client.onStatus((change) => changes.push(change));
  await client.ready();
  await waitFor(() => server.frames.length === 2 && client.status === 'open');
  t.strictSame(changes, [
    { status: 'connecting' },
    { status: 'open' },
    { status: 'reconnecting', attempt: 1, delayMs: 20, code: 4000, reason: 'heartbeat timeout' },
    { status: 'open' },
  ]);
  t.strictSame(server.frames[0], ['{"type":"$ping","id":"$hb1"}'], 'one ping, then given up');
});

t.test('any frame counts as an answer; heartbeat: false sends no $ping', async (t) => {
  const server = await heartbeatServer({ silent: true });
  t.teardown(server.close);
  // the server pushes every 20 ms: never 150 ms of silence, so never a ping
  const chatty = connect(server.url, { heartbeat: { intervalMs: 150, timeoutMs: 60 } });
  t.teardown(() => chatty.close());
  await chatty.ready();
  const timer = setInterval(() => server.sockets[0]?.send('{"type":"tick","data":null}'), 20);
  t.teardown(() => clearInterval(timer));
  await sleep(500);
  t.equal(chatty.status, 'open');
  t.strictSame(server.frames[0], []);
  clearInterval(timer);

  const off = connect(server.url, { heartbeat: false });
  t.teardown(() => off.close());
  await off.ready();
  await sleep(200);
  t.equal(off.status, 'open');
  t.strictSame(server.frames[1], []);
});

t.test(
  'a real Halyard server answers $ping with $pong: the link stays, nothing reaches handlers',
  async (t) => {
    const server = await startServer();
    t.teardown(() => server.close());
    // ws, recording every frame as it arrives
    const received: string[] = [];
    class RecordingWebSocket extends WsWebSocket {
      constructor(url: string) {
        super(url);
        this.on('message', (data) => received.push(String(data)));
      }
    }
    const client = connect(`${server.url}/game`, {
      query: { name: 'ann' },
      heartbeat: { intervalMs: 40, timeoutMs: 100 },
      WebSocket: RecordingWebSocket,
    });
    t.teardown(() => client.close());
    const pongs: unknown[] = [];
    client.on('$pong', (data) => pongs.push(data));
    const errors = errorsOf(client);
    await client.ready();
    await sleep(300);
    t.equal(client.status, 'open');
    t.equal(server.hub.stats().connectionsTotal, 1);
    t.ok(received.length >= 3, `answered every ping (${received.length} pongs)`);
    t.strictSame(received.slice(0, 3), [
      '{"type":"$pong","id":"$hb1"}',
      '{"type":"$pong","id":"$hb2"}',
      '{"type":"$pong","id":"$hb3"}',
    ]);
    t.strictSame(pongs, []);
    t.strictSame(errors, []);
  },
);

t.test(
  'an older server answering $ping with an unknown-type error: a sign of life, not reported',
  async (t) => {
    const server = await heartbeatServer({ silent: true });
    t.teardown(server.close);
    const client = connect(server.url, { heartbeat: { intervalMs: 40, timeoutMs: 60 } });
    t.teardown(() => client.close());
    const errors = errorsOf(client);
    await client.ready();
    const socket = server.sockets[0];
    socket?.on('message', (raw) => {
      const { id } = JSON.parse(String(raw)) as { id: string };
      socket.send(
        JSON.stringify({
          type: 'error',
          id,
          error: { code: 'HALYARD_ERR_WS_UNKNOWN_TYPE', message: 'Unknown message type "$ping"' },
        }),
      );
    });
    await sleep(300);
    t.equal(client.status, 'open');
    t.equal(server.frames.length, 1, 'never reconnected');
    t.ok((server.frames[0] ?? []).length >= 3, 'pinged again and again');
    t.strictSame(errors, []);
  },
);

t.test('heartbeat options are checked at connect()', async (t) => {
  t.throws(() => connect('ws://127.0.0.1:1/', { heartbeat: { intervalMs: 0 } }), {
    name: 'RangeError',
    message: 'heartbeat.intervalMs must be a positive number of milliseconds, got 0',
  });
  t.throws(() => connect('ws://127.0.0.1:1/', { heartbeat: { timeoutMs: Number.NaN } }), {
    name: 'RangeError',
    message: 'heartbeat.timeoutMs must be a positive number of milliseconds, got NaN',
  });
});
