import 'reflect-metadata';
import net, { type Socket } from 'node:net';
import t, { type Test } from 'tap';
import { WebSocket as WsWebSocket } from 'ws';
import { connect as connectClient } from '@halyard/client';
import { createApp, MemoryAdapter } from '@halyard/core';
import { connect } from './helpers/conformance-apps.js';
import { ConformanceSocket } from './helpers/conformance-socket.js';

// @halyard/client end to end: its socket is cut on the client's side only (a proxy drops the
// client's half and keeps the server's open, as a dead network path does), so the server still
// counts the old connection as a member. The client reconnects with the `$session` token it got
// and continues as the same member: the observer hears nothing, and the member list has no ghost.

/** A TCP proxy whose `cutClients()` destroys the client-facing sockets and leaves the server-facing ones open. */
async function halfCutProxy(port: number): Promise<{ port: number; cutClients(): void; close(): void }> {
  const clients = new Set<Socket>();
  const upstreams = new Set<Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(port, '127.0.0.1');
    clients.add(client);
    upstreams.add(upstream);
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk) => {
      if (!client.destroyed) client.write(chunk);
    });
    client.on('error', () => clients.delete(client));
    upstream.on('error', () => upstreams.delete(upstream));
    client.on('close', () => clients.delete(client));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address() as net.AddressInfo;
  return {
    port: address.port,
    cutClients: () => {
      for (const client of clients) client.destroy();
    },
    close: () => {
      for (const socket of [...clients, ...upstreams]) socket.destroy();
      server.close();
    },
  };
}

/** The conformance socket with `stream:*` rooms on the memory adapter, listening; closed when the test ends. */
async function listeningApp(t: Test) {
  const app = await createApp({
    controllers: [ConformanceSocket],
    docs: false,
    websocket: { adapter: new MemoryAdapter(), heartbeat: false, streams: [{ rooms: 'stream:*' }] },
    fastify: { logger: false },
  });
  t.teardown(() => app.close());
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app;
}

/** @halyard/client as member `c` of `stream:c` on `port`, reconnecting fast; closed when the test ends. */
function reconnectingClient(t: Test, port: number) {
  const client = connectClient(`ws://127.0.0.1:${port}/conformance`, {
    query: { name: 'c', rooms: 'stream:c' },
    WebSocket: WsWebSocket,
    heartbeat: false,
    reconnect: { initialDelayMs: 10, maxDelayMs: 50 },
  });
  t.teardown(() => client.close());
  return client;
}

t.test('@halyard/client resumes as the same member after an unnoticed cut', async (t) => {
  const app = await listeningApp(t);
  const observer = await connect(app, 'o', ['stream:c']);
  const proxy = await halfCutProxy((app.server.address() as net.AddressInfo).port);
  t.teardown(() => proxy.close());

  const welcomes: string[] = [];
  const client = reconnectingClient(t, proxy.port);
  client.on('welcome' as never, ((data: { id: string }) => welcomes.push(data.id)) as never);
  await t.resolves(
    observer.socket.next((frame) => frame.type === 'presence.joined'),
    'the observer hears c join',
  );
  while (welcomes.length < 1) await new Promise((resolve) => setTimeout(resolve, 10));
  const id = welcomes[0]!;

  proxy.cutClients();
  while (welcomes.length < 2) await new Promise((resolve) => setTimeout(resolve, 10));
  t.equal(welcomes[1], id, 'the reconnected client is the same connection id');
  // The old server-side socket is dropped by the hub once the resumed one took its id.
  while (app.halyard.hub.connections().length > 2) await new Promise((resolve) => setTimeout(resolve, 10));
  t.strictSame(
    observer.socket.frames
      .filter((frame) => frame.type.startsWith('presence.'))
      .map((frame) => `${frame.type} ${(frame.data as { member: { id: string } }).member.id}`),
    [`presence.joined ${id}`],
    'the observer heard one join and no left + joined',
  );
  t.strictSame(
    (await app.halyard.hub.roomMembers('stream:c')).map((entry) => entry.id),
    [observer.id, id],
    'the member list is the live set',
  );
});

t.test('a close the server chose ends the session: the next connection is a new member', async (t) => {
  const app = await listeningApp(t);
  const { port } = app.server.address() as net.AddressInfo;
  const welcomes: string[] = [];
  const client = reconnectingClient(t, port);
  client.on('welcome' as never, ((data: { id: string }) => welcomes.push(data.id)) as never);
  const welcomed = async (count: number): Promise<string> => {
    while (welcomes.length < count) await new Promise((resolve) => setTimeout(resolve, 10));
    return welcomes[count - 1]!;
  };
  const first = await welcomed(1);

  // 1001 Going Away: the server went, not this connection; the client comes back as itself.
  await app.halyard.hub.disconnect(first, 1001, 'going away');
  t.equal(await welcomed(2), first, 'after 1001 the client resumes as the same connection id');

  // 1000 from the server (an admin's disconnect, a handler's conn.close()): this connection is over.
  await app.halyard.hub.disconnect(first, 1000, 'bye');
  const third = await welcomed(3);
  t.not(third, first, 'after the server closed it with 1000, the client reconnects as a new member');
  while (app.halyard.hub.connections().length > 1) await new Promise((resolve) => setTimeout(resolve, 10));
  t.strictSame(
    app.halyard.hub.connections().map((connection) => connection.id),
    [third],
    'one live connection, the new one',
  );
});
