import 'reflect-metadata';
import t, { type Test } from 'tap';
import { IsString, Validate, ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';
import { Conn, Connection, Message, OnConnect, OnMessage, WebSocket } from '../src/index.js';
import { connectSocket } from '../src/testing/index.js';
import { createLoggedApp } from './helpers/logged-app.js';

@ValidatorConstraint({ name: 'explodes' })
class Explodes implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (value === 'boom') throw new Error('constraint bug');
    return true;
  }
}

@ValidatorConstraint({ name: 'explodesLater', async: true })
class ExplodesLater implements ValidatorConstraintInterface {
  async validate(value: unknown): Promise<boolean> {
    if (value === 'boom') throw new Error('async constraint bug');
    return true;
  }
}

class Risky {
  @IsString() @Validate(Explodes) text!: string;
}
class RiskyLater {
  @IsString() @Validate(ExplodesLater) text!: string;
}

@WebSocket('/risky')
class RiskySocket {
  @OnMessage('sync', { reply: Risky }) sync(@Message() m: Risky): Risky {
    return m;
  }
  @OnMessage('async', { reply: RiskyLater }) later(@Message() m: RiskyLater): RiskyLater {
    return m;
  }
}

let releaseConnect: () => void = () => undefined;
@WebSocket('/slow-start', { rateLimit: { perSecond: 1, burst: 2, closeAfter: 100 } })
class SlowStartSocket {
  @OnConnect() async hello(@Conn() conn: Connection): Promise<void> {
    await new Promise<void>((resolve) => (releaseConnect = resolve));
    conn.send('ready', {});
  }
  @OnMessage('echo', { reply: Risky }) echo(@Message() m: Risky): Risky {
    return m;
  }
}

@WebSocket('/backlog', { rateLimit: false, maxPayload: 1024 })
class BacklogSocket {
  @OnConnect() async hello(): Promise<void> {
    await new Promise<void>((resolve) => (releaseConnect = resolve));
  }
  @OnMessage('echo', { reply: Risky }) echo(@Message() m: Risky): Risky {
    return m;
  }
}

async function app(t: Test) {
  const { app: instance, lines } = await createLoggedApp(t, {
    controllers: [RiskySocket, SlowStartSocket, BacklogSocket],
  });
  return { instance, lines };
}

const internal = {
  code: 'HALYARD_ERR_INTERNAL',
  message: 'Internal server error',
};

t.test(
  'a throwing or rejecting validator answers HALYARD_ERR_INTERNAL with the id; all keeps working',
  async (t) => {
    const { instance, lines } = await app(t);
    const first = await connectSocket(instance, '/risky');
    const second = await connectSocket(instance, '/risky');
    first.send('sync', { text: 'boom' }, 's1');
    t.strictSame(await first.next(), { type: 'error', id: 's1', error: internal });
    first.send('async', { text: 'boom' }, 'a1');
    t.strictSame(await first.next(), { type: 'error', id: 'a1', error: internal });
    t.strictSame(await first.request('sync', { text: 'fine' }), {
      type: 'reply',
      id: 't1',
      to: 'sync',
      data: { text: 'fine' },
    });
    t.strictSame(await second.request('async', { text: 'fine' }), {
      type: 'reply',
      id: 't1',
      to: 'async',
      data: { text: 'fine' },
    });
    const failures = lines.filter((line) => line['msg'] === 'websocket handler failed');
    t.strictSame(
      failures.map((line) => [
        line['code'],
        line['handler'],
        line['messageId'],
        (line['err'] as { message: string }).message,
      ]),
      [
        ['HALYARD_ERR_INTERNAL', 'RiskySocket.sync', 's1', 'constraint bug'],
        ['HALYARD_ERR_INTERNAL', 'RiskySocket.later', 'a1', 'async constraint bug'],
      ],
    );
    t.equal(instance.halyard.hub.stats().errors['HALYARD_ERR_INTERNAL'], 2);
  },
);

t.test('a throwing hub.observe() listener is logged and never reaches the socket', async (t) => {
  const { instance, lines } = await app(t);
  const stop = instance.halyard.hub.observe(() => {
    throw new Error('observer bug');
  });
  const socket = await connectSocket(instance, '/risky');
  const other = await connectSocket(instance, '/risky');
  t.strictSame(await socket.request('sync', { text: 'hi' }), {
    type: 'reply',
    id: 't1',
    to: 'sync',
    data: { text: 'hi' },
  });
  stop();
  t.equal((await other.request('sync', { text: 'ok' })).type, 'reply');
  const logged = lines.filter((line) => line['msg'] === 'hub.observe() listener failed');
  t.equal(logged.length, 2, 'one line per frame seen: the request in, the reply out');
  t.strictSame(
    logged.map((line) => [line['code'], (line['err'] as { message: string }).message]),
    [
      ['HALYARD_ERR_INTERNAL', 'observer bug'],
      ['HALYARD_ERR_INTERNAL', 'observer bug'],
    ],
  );
});

t.test(
  'frames sent while @OnConnect runs are rate limited on arrival, then dispatched in order',
  async (t) => {
    const { instance } = await app(t);
    const socket = await connectSocket(instance, '/slow-start');
    socket.send('echo', { text: 'a' }, 'q1');
    socket.send('echo', { text: 'b' }, 'q2');
    socket.send('echo', { text: 'c' }, 'q3');
    const limited = await socket.next();
    t.equal(limited.type, 'error');
    t.equal(limited.id, 'q3');
    t.equal(limited.error?.code, 'HALYARD_ERR_WS_RATE_LIMITED');
    t.equal(socket.frames.length, 1, 'nothing else ran before @OnConnect finished');
    releaseConnect();
    t.strictSame(await socket.next(), { type: 'ready', data: {} });
    t.strictSame(await socket.next(), { type: 'reply', id: 'q1', to: 'echo', data: { text: 'a' } });
    t.strictSame(await socket.next(), { type: 'reply', id: 'q2', to: 'echo', data: { text: 'b' } });
  },
);

t.test('the backlog while @OnConnect runs is bounded: close 1008 with a log line', async (t) => {
  const { instance, lines } = await app(t);
  const socket = await connectSocket(instance, '/backlog');
  for (let index = 0; index < 65; index++) socket.send('echo', { text: 'x' });
  t.strictSame(await socket.closed, {
    code: 1008,
    reason: 'Too many messages before the connection was ready',
  });
  releaseConnect();
  const line = lines.find((entry) => entry['code'] === 'HALYARD_ERR_WS_CONNECT_BACKLOG');
  t.equal(line?.['msg'], 'too many frames while @OnConnect ran; closing with 1008');
  t.equal(line?.['frames'], 65);
  t.equal(instance.halyard.hub.stats().errors['HALYARD_ERR_WS_CONNECT_BACKLOG'], 1);
});

t.test('a frame above maxPayload while @OnConnect runs is refused at once with 1009', async (t) => {
  const { instance } = await app(t);
  const socket = await connectSocket(instance, '/backlog');
  socket.send('echo', { text: 'y'.repeat(2000) });
  t.strictSame(await socket.next(), {
    type: 'error',
    error: { code: 'HALYARD_ERR_PAYLOAD_TOO_LARGE', message: 'Payload exceeds 1024 bytes' },
  });
  t.strictSame(await socket.closed, { code: 1009, reason: 'Message too big' });
  releaseConnect();
});
