import 'reflect-metadata';
import t, { type Test } from 'tap';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import {
  createApp,
  Message,
  OnMessage,
  UnauthorizedError,
  UseGuards,
  WebSocket,
  type UpgradeGuardContext,
} from '@halyard/core';
import { connectSocket, type TestSocket } from '@halyard/core/testing';
import { tracing } from '../src/index.js';
import { Say } from './fixtures.js';
import { memoryTracing, spansNamed, view } from './otel-setup.js';

/** Reads `Authorization: Bearer <name>` (where `$auth` puts the new credential) after a lookup span. */
class TokenGuard {
  static security = { type: 'http', scheme: 'bearer' } as const;

  async canActivate(context: UpgradeGuardContext): Promise<boolean> {
    await trace.getTracer('token-store').startActiveSpan('lookup token', async (span) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      span.end();
    });
    const name = context.request.headers.authorization?.replace('Bearer ', '');
    if (name === undefined) throw new UnauthorizedError('token required');
    if (name === 'crash') throw new Error('the token store is down');
    context.setIdentity({ name });
    return true;
  }
}

class NotMalloryGuard {
  canActivate(context: UpgradeGuardContext): boolean {
    return (context.identity as { name: string }).name !== 'mallory';
  }
}

@WebSocket('/desk', { heartbeat: false })
@UseGuards(TokenGuard, NotMalloryGuard)
class DeskSocket {
  @OnMessage('say', { reply: Say }) say(@Message() say: Say): Say {
    return say;
  }
}

/** An app with one connection as ann, whose upgrade spans are already cleared. */
async function connected(t: Test) {
  const { provider, exporter } = memoryTracing();
  trace.setGlobalTracerProvider(provider);
  t.teardown(() => trace.disable());
  const app = await createApp({
    controllers: [DeskSocket],
    fastify: { logger: false },
    extensions: [tracing({ tracerProvider: provider })],
  });
  t.teardown(() => app.close());
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
  const names = new Map([
    [process.spanContext().spanId, 'process $auth'],
    [reauth.spanContext().spanId, 'reauth /desk'],
    [token.spanContext().spanId, 'guard TokenGuard'],
  ]);
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
  t.strictSame(view(token, names), {
    name: 'guard TokenGuard',
    kind: SpanKind.INTERNAL,
    parent: 'reauth /desk',
    attributes: { 'halyard.guard': 'TokenGuard', 'halyard.outcome': 'ok' },
    status: SpanStatusCode.UNSET,
    events: [],
    links: [],
  });
  t.equal(view(lookup, names).parent, 'guard TokenGuard', "the guard's own I/O nests under its span");
  t.strictSame(view(notMallory, names), {
    name: 'guard NotMalloryGuard',
    kind: SpanKind.INTERNAL,
    parent: 'reauth /desk',
    attributes: { 'halyard.guard': 'NotMalloryGuard', 'halyard.outcome': 'ok' },
    status: SpanStatusCode.UNSET,
    events: [],
    links: [],
  });
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
    const refusal = { 'halyard.error.code': 'HALYARD_ERR_FORBIDDEN', 'error.type': 'HALYARD_ERR_FORBIDDEN' };
    t.strictSame(view(reauth!), {
      name: 'reauth /desk',
      kind: SpanKind.INTERNAL,
      parent: exporter
        .getFinishedSpans()
        .find((span) => span.name === 'process $auth')
        ?.spanContext().spanId,
      attributes: { ...reauthAttributes(connectionId), 'halyard.outcome': 'rejected', ...refusal },
      status: SpanStatusCode.UNSET,
      events: [],
      links: [],
    });
    t.equal(token?.attributes['halyard.outcome'], 'ok');
    t.strictSame(notMallory?.attributes, {
      'halyard.guard': 'NotMalloryGuard',
      'halyard.outcome': 'rejected',
      ...refusal,
    });
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
