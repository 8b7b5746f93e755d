import 'reflect-metadata';
import t, { type Test } from 'tap';
import { propagation, SpanKind } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { connectSocket, expectUpgradeRejected } from '@halyard/core/testing';
import { assertGuardsPassed, assertMalloryRefused, deskApp } from './desk-socket.js';
import { forbidden, plainView, spanNames, spansNamed, view } from './otel-setup.js';

const upgradeAttributes = {
  'halyard.route': '/desk',
  'halyard.handler': 'DeskSocket',
  'network.protocol.name': 'websocket',
};

/** A desk app whose upgrade as `as` (no token without it) to `?desk=` is refused with `status`. */
async function refusedUpgrade(t: Test, who: { as: string; desk: string }, status: number) {
  const { app, exporter } = await deskApp(t);
  const refused = await expectUpgradeRejected(app, '/desk', {
    headers: { authorization: `Bearer ${who.as}` },
    query: { desk: who.desk },
  });
  t.equal(refused.status, status);
  return { app, exporter };
}

t.test(
  'an accepted upgrade: one span per guard (with the I/O it did inside), validation, then @OnConnect',
  async (t) => {
    const { app, exporter } = await deskApp(t);
    await connectSocket(app, '/desk', { headers: { authorization: 'Bearer ann' }, query: { desk: 'front' } });
    const [upgrade, token, lookup, notMallory, connect] = await spansNamed(exporter, [
      'upgrade /desk',
      'guard TokenGuard',
      'lookup token',
      'guard NotMalloryGuard',
      'OnConnect /desk',
    ]);
    const names = spanNames([upgrade, token]);
    t.strictSame(view(upgrade, names), {
      ...plainView({
        name: 'upgrade /desk',
        kind: SpanKind.SERVER,
        parent: undefined,
        attributes: { ...upgradeAttributes, 'halyard.outcome': 'ok' },
      }),
      events: ['halyard.validation.passed'],
    });
    assertGuardsPassed(t, { token, lookup, notMallory, names }, 'upgrade /desk');
    t.strictSame(
      { parent: view(connect, names).parent, outcome: connect.attributes['halyard.outcome'] },
      { parent: 'upgrade /desk', outcome: 'ok' },
      '@OnConnect runs inside the upgrade',
    );
    // Spans are exported as they end (SimpleSpanProcessor); each span's clock has its own
    // millisecond anchor, so end times of two spans cannot be compared below a millisecond.
    const order = exporter.getFinishedSpans().map((span) => span.name);
    t.ok(
      order.indexOf('upgrade /desk') > order.indexOf('OnConnect /desk'),
      'the upgrade ends after @OnConnect',
    );
    t.equal(exporter.getFinishedSpans().length, 5, 'nothing else');
  },
);

t.test('a guard that refuses ends its span and the upgrade with the refusal code', async (t) => {
  const { app, exporter } = await refusedUpgrade(t, { as: 'mallory', desk: 'front' }, 403);
  const [upgrade, token, notMallory] = await spansNamed(exporter, [
    'upgrade /desk',
    'guard TokenGuard',
    'guard NotMalloryGuard',
  ]);
  t.strictSame(
    view(upgrade!),
    plainView({
      name: 'upgrade /desk',
      kind: SpanKind.SERVER,
      parent: undefined,
      attributes: { ...upgradeAttributes, 'halyard.outcome': 'rejected', ...forbidden },
    }),
  );
  assertMalloryRefused(t, token, notMallory);

  exporter.reset();
  t.equal((await expectUpgradeRejected(app, '/desk', { query: { desk: 'front' } })).status, 401);
  const [anonymous, thrown] = await spansNamed(exporter, ['upgrade /desk', 'guard TokenGuard']);
  t.equal(anonymous?.attributes['halyard.error.code'], 'HALYARD_ERR_UNAUTHORIZED');
  t.strictSame(
    [thrown?.attributes['halyard.outcome'], thrown?.attributes['halyard.error.code']],
    ['rejected', 'HALYARD_ERR_UNAUTHORIZED'],
    'a guard that throws an HttpError is a refusal, not a server error',
  );
  t.notOk(
    exporter.getFinishedSpans().some((span) => span.name === 'guard NotMalloryGuard'),
    'a guard after the refusal does not run',
  );
});

t.test('failed validation is an event with the error count; the upgrade ends with its code', async (t) => {
  const { exporter } = await refusedUpgrade(t, { as: 'ann', desk: 'roof' }, 400);
  const [upgrade] = await spansNamed(exporter, ['upgrade /desk', 'guard NotMalloryGuard']);
  t.strictSame(
    upgrade?.events.map((event) => [event.name, event.attributes]),
    [['halyard.validation.failed', { 'halyard.validation.errors': 1 }]],
  );
  t.strictSame(
    [upgrade?.attributes['halyard.outcome'], upgrade?.attributes['halyard.error.code']],
    ['rejected', 'HALYARD_ERR_VALIDATION'],
  );
});

t.test('an upgrade continues a traceparent header (a Node client can send one)', async (t) => {
  const { app, exporter } = await deskApp(t);
  // What the SDK's setup registers for HTTP headers (the envelope fields are parsed as W3C anyway).
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  t.teardown(() => propagation.disable());
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
  await connectSocket(app, '/desk', {
    headers: { authorization: 'Bearer ann', traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    query: { desk: 'back' },
  });
  const [upgrade] = await spansNamed(exporter, ['upgrade /desk', 'OnConnect /desk']);
  t.strictSame(
    [upgrade?.spanContext().traceId, upgrade?.parentSpanContext?.spanId],
    [traceId, '00f067aa0ba902b7'],
  );
});

t.test('a plain GET of a socket route gets no upgrade span (it is an HTTP request)', async (t) => {
  const { app, exporter } = await deskApp(t);
  t.equal((await app.inject({ method: 'GET', url: '/desk?desk=front' })).statusCode, 426);
  await new Promise((resolve) => setTimeout(resolve, 20));
  t.strictSame(
    exporter.getFinishedSpans().map((span) => span.name),
    [],
  );
});
