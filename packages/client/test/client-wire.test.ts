import type { AddressInfo } from 'node:net';
import t, { type Test } from 'tap';
import { WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import { connect, type StatusChange } from '../src/index.js';
import { errorsOf, waitFor } from './fixtures/test-server.js';

// A bare `ws` server, for what a Halyard server never does: odd frames, and looking at raw URLs and frames.
async function rawServer(t: Test) {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const urls: string[] = [];
  const received: string[] = [];
  const sockets: ServerSocket[] = [];
  server.on('connection', (socket, request) => {
    urls.push(request.url ?? '');
    sockets.push(socket);
    socket.on('message', (data) => received.push(String(data)));
  });
  t.teardown(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of server.clients) socket.terminate();
        server.close(() => resolve());
      }),
  );
  return { port: (server.address() as AddressInfo).port, urls, received, sockets };
}

t.test('http becomes ws; query parameters are appended, recomputed for every attempt', async (t) => {
  const server = await rawServer(t);
  let calls = 0;
  const client = connect(`http://127.0.0.1:${server.port}/raw?fixed=1`, {
    query: () => ({ n: ++calls, tags: ['a', 'b'], skip: undefined, on: true }),
    reconnect: { initialDelayMs: 10 },
  });
  t.teardown(() => client.close());
  await client.ready();
  server.sockets[0]?.close(1012, 'restart');
  await waitFor(() => server.urls.length === 2);
  t.strictSame(server.urls, [
    '/raw?fixed=1&n=1&tags=a&tags=b&on=true',
    '/raw?fixed=1&n=2&tags=a&tags=b&on=true',
  ]);
});

t.test('the frames the client sends, and a reply matched by its id', async (t) => {
  const server = await rawServer(t);
  const client = connect(`ws://127.0.0.1:${server.port}/raw`);
  t.teardown(() => client.close());
  client.send('note', { n: 1 });
  client.send('ping');
  const reply = client.request('move', { x: 1 });
  const bare = client.request('rooms');
  await waitFor(() => server.received.length === 4);
  t.strictSame(server.received, [
    '{"type":"note","data":{"n":1}}',
    '{"type":"ping"}',
    '{"type":"move","id":"1","data":{"x":1}}',
    '{"type":"rooms","id":"2"}',
  ]);
  server.sockets[0]?.send('{"type":"reply","id":"2","to":"rooms","data":["a"]}');
  server.sockets[0]?.send('{"type":"reply","id":"1","to":"move","data":{"ok":true}}');
  t.strictSame(await reply, { ok: true });
  t.strictSame(await bare, ['a']);
});

t.test('frames that are not Halyard frames go to onError as HALYARD_ERR_CLIENT_BAD_FRAME', async (t) => {
  const server = await rawServer(t);
  const client = connect(`ws://127.0.0.1:${server.port}/raw`);
  t.teardown(() => client.close());
  const errors = errorsOf(client);
  const pushes: unknown[] = [];
  client.on('tick', (data) => pushes.push(data));
  await client.ready();
  await waitFor(() => server.sockets.length === 1);
  const socket = server.sockets[0] as ServerSocket;
  for (const frame of ['not json', '[1]', '{"data":1}', '{"type":"error","error":"oops"}'])
    socket.send(frame);
  socket.send(Buffer.from('{"type":"tick"}'), { binary: true });
  socket.send('{"type":"tick","data":1}');
  socket.send('{"type":"error","error":{"code":"X","message":"pushed error"}}');
  await waitFor(() => pushes.length === 1 && errors.length === 6);
  t.strictSame(pushes, [1]);
  t.strictSame(
    errors.map((error) => [error.code, error.details]),
    [
      ['HALYARD_ERR_CLIENT_BAD_FRAME', { frame: 'not json' }],
      ['HALYARD_ERR_CLIENT_BAD_FRAME', { frame: '[1]' }],
      ['HALYARD_ERR_CLIENT_BAD_FRAME', { frame: '{"data":1}' }],
      ['HALYARD_ERR_CLIENT_BAD_FRAME', { frame: '{"type":"error","error":"oops"}' }],
      ['HALYARD_ERR_CLIENT_BAD_FRAME', { frame: '(object)' }],
      ['X', undefined],
    ],
  );
  t.equal(errors[0]?.message, 'The server sent a frame that is not a Halyard frame');
});

t.test('close() from an onOpen handler stops before any other hook or the queue', async (t) => {
  const server = await rawServer(t);
  const client = connect(`ws://127.0.0.1:${server.port}/raw`);
  const changes: StatusChange[] = [];
  client.onStatus((change) => changes.push(change));
  client.send('queued');
  client.onOpen(() => client.close(4000, 'changed my mind'));
  let later = false;
  client.onOpen(() => {
    later = true;
  });
  await waitFor(() => client.status === 'closed');
  await new Promise((resolve) => setTimeout(resolve, 50));
  t.strictSame(server.received, [], 'the queue was dropped, not flushed');
  t.equal(later, true, 'the other onOpen handlers of that open still ran');
  t.strictSame(changes, [
    { status: 'connecting' },
    { status: 'open' },
    { status: 'closed', cause: 'client', code: 4000, reason: 'changed my mind' },
  ]);
});
