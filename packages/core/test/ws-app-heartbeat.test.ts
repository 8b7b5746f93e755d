import 'reflect-metadata';
import t, { type Test } from 'tap';
import { Controller, Emits, Message, OnConnect, OnMessage, WebSocket, WsCloseError } from '../src/index.js';
import { connectSocket } from '../src/testing/index.js';
import { Text } from './fixtures/text-dto.js';
import { createLoggedApp } from './helpers/logged-app.js';
import { expectBootError } from './helpers/boot-error.js';

@WebSocket('/multi', { rateLimit: { perSecond: 1, burst: 2, closeAfter: 100 } })
class MultiSocket {
  @OnMessage('echo') echo(@Message() m: Text): Text {
    return m;
  }
  @OnMessage('leave', { reply: null }) leave(): void {
    throw new WsCloseError(4000, 'Bye now');
  }
}

@Controller()
class SingleSocket {
  @WebSocket('/single') say(@Message() m: Text): Text {
    return m;
  }
}

@WebSocket('/refusing')
class RefusingSocket {
  @OnConnect() async refuse(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 100));
    throw new WsCloseError(4403, 'Not you');
  }
  @OnMessage('echo') echo(@Message() m: Text): Text {
    return m;
  }
}

async function app(t: Test, heartbeatMs?: number) {
  const { app: instance, lines } = await createLoggedApp(t, {
    controllers: [MultiSocket, SingleSocket, RefusingSocket],
    ...(heartbeatMs !== undefined && { websocket: { heartbeat: { intervalMs: heartbeatMs } } }),
  });
  return { instance, lines };
}

t.test('$ping is answered with $pong at once on both socket forms, with or without an id', async (t) => {
  const { instance } = await app(t);
  for (const path of ['/multi', '/single']) {
    const socket = await connectSocket(instance, path);
    socket.sendRaw('{"type":"$ping","id":"p1"}');
    t.strictSame(await socket.next(), { type: '$pong', id: 'p1' }, path);
    socket.sendRaw('{"type":"$ping","id":42,"data":{"ignored":true}}');
    t.strictSame(await socket.next(), { type: '$pong', id: 42 }, path);
    await socket.close();
  }
  const bare = await connectSocket(instance, '/single');
  bare.sendRaw('{"type":"$ping"}');
  t.strictSame(await bare.next(), { type: '$pong' });
  const stats = instance.halyard.hub.stats();
  t.equal(stats.messagesIn, 5);
  t.equal(stats.messagesOut, 5);
  const pongs = ['{"type":"$pong","id":"p1"}', '{"type":"$pong","id":42}'];
  t.equal(stats.bytesOut, 2 * Buffer.byteLength(pongs.join('')) + Buffer.byteLength('{"type":"$pong"}'));
});

t.test('$ping is rate limited like any frame; other $ types are unknown', async (t) => {
  const { instance } = await app(t);
  const socket = await connectSocket(instance, '/multi');
  socket.sendRaw('{"type":"$ping","id":1}');
  socket.sendRaw('{"type":"$ping","id":2}');
  socket.sendRaw('{"type":"$ping","id":3}');
  t.strictSame(await socket.next(), { type: '$pong', id: 1 });
  t.strictSame(await socket.next(), { type: '$pong', id: 2 });
  const limited = await socket.next();
  t.equal(limited.id, 3);
  t.equal(limited.error?.code, 'HALYARD_ERR_WS_RATE_LIMITED');
  const other = await connectSocket(instance, '/multi');
  other.sendRaw('{"type":"$status","id":"s"}');
  t.strictSame(await other.next(), {
    type: 'error',
    id: 's',
    error: {
      code: 'HALYARD_ERR_WS_UNKNOWN_TYPE',
      message: 'Unknown message type "$status"',
      details: { known: ['echo', 'leave'] },
    },
  });
});

t.test('any frame counts as alive for the server heartbeat', async (t) => {
  const { instance } = await app(t, 100);
  const talker = await connectSocket(instance, '/multi', { ignorePings: true });
  const silent = await connectSocket(instance, '/multi', { ignorePings: true });
  const timer = setInterval(() => talker.sendRaw('{"type":"$ping"}'), 40);
  t.teardown(() => clearInterval(timer));
  t.equal((await silent.closed).code, 1006, 'a silent peer that ignores pings is terminated');
  await new Promise((resolve) => setTimeout(resolve, 250));
  t.ok(talker.isOpen, 'a peer that keeps sending frames stays open without answering pings');
  clearInterval(timer);
});

t.test(
  'WsCloseError from a handler and frames discarded after an @OnConnect refusal are logged',
  async (t) => {
    const { instance, lines } = await app(t);
    const socket = await connectSocket(instance, '/multi');
    socket.send('leave', undefined, 'l1');
    t.strictSame(await socket.closed, { code: 4000, reason: 'Bye now' });
    const closeLine = lines.find((line) => line['code'] === 'CLOSE_4000');
    t.equal(closeLine?.['msg'], 'handler closed the connection with 4000: Bye now');
    t.equal(closeLine?.['handler'], 'MultiSocket.leave');
    t.equal(closeLine?.['messageId'], 'l1');

    const refused = await connectSocket(instance, '/refusing');
    refused.send('echo', { text: 'a' });
    refused.send('echo', { text: 'b' });
    t.strictSame(await refused.closed, { code: 4403, reason: 'Not you' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    t.equal(refused.frames.length, 0);
    t.equal(
      lines.find((line) => line['code'] === 'CLOSE_4403')?.['msg'],
      'connection rejected with 4403: Not you',
    );
    const discarded = lines.find((line) => line['discarded'] !== undefined);
    t.equal(discarded?.['msg'], 'discarded 2 frame(s) sent while @OnConnect ran: the connection was refused');
    t.equal(discarded?.['discarded'], 2);
    t.equal(instance.halyard.hub.stats().errors['CLOSE_4000'], 1);
  },
);

t.test('the $ prefix is reserved: @OnMessage, @Emits and method-level @WebSocket', async (t) => {
  @WebSocket('/bad')
  class BadMessage {
    @OnMessage('$move') move(@Message() m: Text): Text {
      return m;
    }
  }
  @WebSocket('/bad')
  @Emits('$tick', Text)
  class BadEmit {
    @OnMessage('move') move(@Message() m: Text): Text {
      return m;
    }
  }
  @Controller()
  class BadSingle {
    @WebSocket('/bad') $echo(@Message() m: Text): Text {
      return m;
    }
  }
  const reserved = '; names starting with "$" are reserved for protocol frames ($ping, $pong)';
  await expectBootError(t, [BadMessage], {
    code: 'HALYARD_ERR_WS_RESERVED_PREFIX',
    message: `BadMessage.move: @OnMessage('$move') uses "$move"${reserved}`,
  });
  await expectBootError(t, [BadEmit], {
    code: 'HALYARD_ERR_WS_RESERVED_PREFIX',
    message: `BadEmit: @Emits('$tick') uses "$tick"${reserved}`,
  });
  await expectBootError(t, [BadSingle], {
    code: 'HALYARD_ERR_WS_RESERVED_PREFIX',
    message: `BadSingle.$echo: @WebSocket('/bad') uses "$echo"${reserved}`,
  });
});

t.test('TestSocket reports a server frame that is not JSON instead of crashing', async (t) => {
  const { instance } = await app(t);
  const socket = await connectSocket(instance, '/multi');
  const [connection] = instance.halyard.hub.connections();
  connection?.sendFrame('not json {');
  await t.rejects(socket.request('echo', { text: 'hi' }), {
    message: 'server sent a frame that is not JSON: not json {',
  });
  t.strictSame(socket.rawFrames, ['not json {']);
});
