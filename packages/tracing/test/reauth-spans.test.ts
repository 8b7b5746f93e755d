import 'reflect-metadata';
import t, { type Test } from 'tap';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { connectSocket, type TestSocket } from '@halyard/core/testing';
import { assertGuardsPassed, assertMalloryRefused, deskApp } from './desk-socket.js';
import { forbidden, plainView, spanNames, spansNamed, view } from './otel-setup.js';

/** An app with one connection as ann, whose upgrade spans are already cleared. */
async function connected(t: Test) {
  const { app, exporter } = await deskApp(t);
  const socket: TestSocket = await connectSocket(app, '/desk', {
    headers: { authorization: 'Bearer ann' },
    query: { desk: 'front' },
  });
  t.teardown(() => (socket.isOpen ? socket.close() : undefined));
  await spansNamed(exporter, ['upgrade /desk']);
  exporter.reset();
  const connectionId = app.halyard.hub.connections()[0]?.id;
  return { exporter, socket, connectionId };
}

/** ann's connection sends `$auth` with `credential`, as the frame with id `a1`. */
async function reauthAs(t: Test, credential: string) {
  const connection = await connected(t);
  connection.socket.send('$auth', { credential }, 'a1');
  return connection;
}

/** ann's connection re-authenticates as `credential` and the socket closes as `closed` says. */
async function reauthClosed(t: Test, credential: string, closed: { code: number; reason: string }) {
  const { exporter, socket, connectionId } = await reauthAs(t, credential);
  t.strictSame(await socket.closed, closed);
  return { exporter, connectionId };
}

const reauthAttributes = (connectionId: string | undefined) => ({
  'halyard.route': '/desk',
  'halyard.handler': 'DeskSocket',
  'halyard.connection.id': connectionId,
});

t.test('$auth: a reauth span under the frame’s process span, one guard span per upgrade guard', async (t) => {
  const { exporter, socket, connectionId } = await reauthAs(t, 'bob');
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
  const names = spanNames([process, reauth, token]);
  t.strictSame(
    [
      view(process, names).parent,
      process.attributes['halyard.outcome'],
      process.attributes['messaging.message.id'],
    ],
    [undefined, 'ok', 'a1'],
  );
  t.strictSame(
    view(reauth, names),
    plainView({
      name: 'reauth /desk',
      kind: SpanKind.INTERNAL,
      parent: 'process $auth',
      attributes: { ...reauthAttributes(connectionId), 'halyard.outcome': 'ok' },
    }),
  );
  assertGuardsPassed(t, { token, lookup, notMallory, names }, 'reauth /desk');
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
    const { exporter, connectionId } = await reauthClosed(t, 'mallory', {
      code: 4403,
      reason: 'Access denied by NotMalloryGuard',
    });
    const [reauth, token, notMallory] = await spansNamed(exporter, [
      'reauth /desk',
      'guard TokenGuard',
      'guard NotMalloryGuard',
    ]);
    t.strictSame(
      view(reauth!),
      plainView({
        name: 'reauth /desk',
        kind: SpanKind.INTERNAL,
        parent: exporter
          .getFinishedSpans()
          .find((span) => span.name === 'process $auth')
          ?.spanContext().spanId,
        attributes: { ...reauthAttributes(connectionId), 'halyard.outcome': 'rejected', ...forbidden },
      }),
    );
    assertMalloryRefused(t, token, notMallory);
  },
);

t.test(
  '$auth whose guard throws: the reauth span is an error (HALYARD_ERR_INTERNAL), close 1011',
  async (t) => {
    const { exporter, connectionId } = await reauthClosed(t, 'crash', {
      code: 1011,
      reason: 'Internal server error',
    });
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
