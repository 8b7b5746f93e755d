import 'reflect-metadata';
import t, { type Test } from 'tap';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { Message, OnMessage, UseGuards, WebSocket } from '@halyard/core';
import { connectSocket, type TestSocket } from '@halyard/core/testing';
import { NotMalloryGuard, Say, TokenGuard, tracedApp } from './fixtures.js';
import {
  forbidden,
  passedGuardView,
  refusedGuardAttributes,
  spanNames,
  spansNamed,
  view,
} from './otel-setup.js';

@WebSocket('/desk', { heartbeat: false })
@UseGuards(TokenGuard, NotMalloryGuard)
class DeskSocket {
  @OnMessage('say', { reply: Say }) say(@Message() say: Say): Say {
    return say;
  }
}

/** An app with one connection as ann, whose upgrade spans are already cleared. */
async function connected(t: Test) {
  const { app, exporter } = await tracedApp(t, { controllers: [DeskSocket], globalTracer: true });
  const socket: TestSocket = await connectSocket(app, '/desk', { headers: { authorization: 'Bearer ann' } });
  t.teardown(() => (socket.isOpen ? socket.close() : undefined));
  await spansNamed(exporter, ['upgrade /desk']);
  exporter.reset();
  const connectionId = app.halyard.hub.connections()[0]?.id;
  return { exporter, socket, connectionId };
}

const reauthAttributes = (connectionId: string | undefined) => ({
  'halyard.route': '/desk',
  'halyard.handler': 'DeskSocket',
  'halyard.connection.id': connectionId,
});

t.test('$auth: a reauth span under the frame’s process span, one guard span per upgrade guard', async (t) => {
  const { exporter, socket, connectionId } = await connected(t);
  socket.send('$auth', { credential: 'bob' }, 'a1');
  t.strictSame(await socket.next((frame) => frame.id === 'a1'), {
    type: 'reply',
    id: 'a1',
    to: '$auth',
    data: { expiresAt: null },
  });
  const [process, reauth, token, lookup, notMallory] = await spansNamed(exporter, [
    'process $auth',
    'reauth /desk',
    'guard TokenGuard',
    'lookup token',
    'guard NotMalloryGuard',
  ]);
  if (!process || !reauth || !token || !lookup || !notMallory) throw new Error('unreachable');
  const names = spanNames([process, reauth, token]);
  t.strictSame(
    [
      view(process, names).parent,
      process.attributes['halyard.outcome'],
      process.attributes['messaging.message.id'],
    ],
    [undefined, 'ok', 'a1'],
  );
  t.strictSame(view(reauth, names), {
    name: 'reauth /desk',
    kind: SpanKind.INTERNAL,
    parent: 'process $auth',
    attributes: { ...reauthAttributes(connectionId), 'halyard.outcome': 'ok' },
    status: SpanStatusCode.UNSET,
    events: [],
    links: [],
  });
  t.strictSame(view(token, names), passedGuardView('TokenGuard', 'reauth /desk'));
  t.equal(view(lookup, names).parent, 'guard TokenGuard', "the guard's own I/O nests under its span");
  t.strictSame(view(notMallory, names), passedGuardView('NotMalloryGuard', 'reauth /desk'));
  t.strictSame(
    new Set([process, reauth, token, lookup, notMallory].map((span) => span.spanContext().traceId)).size,
    1,
    'one trace',
  );
  t.equal(exporter.getFinishedSpans().length, 5, 'nothing else');
});

t.test(
  '$auth refused by a guard: the guard and reauth spans end with its code, the socket closes',
  async (t) => {
    const { exporter, socket, connectionId } = await connected(t);
    socket.send('$auth', { credential: 'mallory' }, 'a1');
    t.strictSame(await socket.closed, { code: 4403, reason: 'Access denied by NotMalloryGuard' });
    const [reauth, token, notMallory] = await spansNamed(exporter, [
      'reauth /desk',
      'guard TokenGuard',
      'guard NotMalloryGuard',
    ]);
    t.strictSame(view(reauth!), {
      name: 'reauth /desk',
      kind: SpanKind.INTERNAL,
      parent: exporter
        .getFinishedSpans()
        .find((span) => span.name === 'process $auth')
        ?.spanContext().spanId,
      attributes: { ...reauthAttributes(connectionId), 'halyard.outcome': 'rejected', ...forbidden },
      status: SpanStatusCode.UNSET,
      events: [],
      links: [],
    });
    t.equal(token?.attributes['halyard.outcome'], 'ok');
    t.strictSame(notMallory?.attributes, refusedGuardAttributes('NotMalloryGuard'));
  },
);

t.test(
  '$auth whose guard throws: the reauth span is an error (HALYARD_ERR_INTERNAL), close 1011',
  async (t) => {
    const { exporter, socket, connectionId } = await connected(t);
    socket.send('$auth', { credential: 'crash' }, 'a1');
    t.strictSame(await socket.closed, { code: 1011, reason: 'Internal server error' });
    const [reauth, token] = await spansNamed(exporter, ['reauth /desk', 'guard TokenGuard']);
    const failure = { 'halyard.error.code': 'HALYARD_ERR_INTERNAL', 'error.type': 'HALYARD_ERR_INTERNAL' };
    t.strictSame(reauth?.attributes, {
      ...reauthAttributes(connectionId),
      'halyard.outcome': 'error',
      ...failure,
    });
    t.strictSame(reauth?.status, { code: SpanStatusCode.ERROR, message: 'HALYARD_ERR_INTERNAL' });
    t.strictSame(token?.attributes, {
      'halyard.guard': 'TokenGuard',
      'halyard.outcome': 'error',
      ...failure,
    });
    t.notOk(
      exporter.getFinishedSpans().some((span) => span.name === 'guard NotMalloryGuard'),
      'a guard after the failure does not run',
    );
  },
);
