import 'reflect-metadata';
import t, { type Test } from 'tap';
import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { connectSocket } from '@halyard/core/testing';
import { tracedApp } from './fixtures.js';
import { plainView, spansNamed, view } from './otel-setup.js';

const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
const clientSpanId = '00f067aa0ba902b7';
const traceparent = `00-${traceId}-${clientSpanId}-01`;

/** A plain view of a messaging span: the attributes of `operation` on `destination`, then `attributes`. */
const messagingView = (
  span: { name: string; kind: SpanKind; parent: string },
  [operation, destination]: [string, string],
  attributes: Record<string, unknown>,
) =>
  plainView({
    ...span,
    attributes: {
      'messaging.system': 'halyard',
      'messaging.operation.type': operation,
      'messaging.operation.name': operation,
      'messaging.destination.name': destination,
      'messaging.destination.template': destination,
      'network.protocol.name': 'websocket',
      ...attributes,
    },
  });

/** ann and bob on /chat of a traced app, with their @OnConnect spans already cleared. */
async function chatWithSpansCleared(t: Test) {
  const { app, exporter } = await tracedApp(t);
  const ann = await connectSocket(app, '/chat');
  const bob = await connectSocket(app, '/chat');
  await spansNamed(exporter, ['OnConnect /chat']);
  exporter.reset();
  return { app, exporter, ann, bob };
}

t.test(
  'a message with a traceparent continues the client trace: process, publish and delivery spans',
  async (t) => {
    const { app, exporter, ann, bob } = await chatWithSpansCleared(t);
    const annId = app.halyard.hub.connections()[0]?.id;

    const frame = JSON.stringify({
      type: 'say',
      id: 7,
      data: { text: 'hi' },
      traceparent,
      tracestate: 'vendor=a1',
    });
    ann.sendRaw(frame);
    await ann.next((received) => received.type === 'reply' && received.id === 7);
    await bob.nextPush('said');
    const [processSpan, publishSpan, deliverSpan] = await spansNamed(exporter, [
      'process say',
      'publish said',
      'deliver room',
    ]);
    const names = new Map([
      [clientSpanId, 'client'],
      [processSpan.spanContext().spanId, 'process say'],
    ]);

    t.equal(processSpan.spanContext().traceId, traceId, 'the message span is in the client trace');
    t.equal(processSpan.spanContext().traceState?.get('vendor'), 'a1', 'tracestate is kept');
    t.strictSame(
      view(processSpan, names),
      messagingView(
        { name: 'process say', kind: SpanKind.CONSUMER, parent: 'client' },
        ['process', '/chat'],
        {
          'messaging.message.body.size': Buffer.byteLength(frame),
          'halyard.route': '/chat',
          'halyard.connection.id': annId,
          'halyard.message.type': 'say',
          'messaging.message.id': '7',
          'halyard.outcome': 'ok',
        },
      ),
    );
    t.strictSame(
      view(publishSpan, names),
      messagingView(
        { name: 'publish said', kind: SpanKind.PRODUCER, parent: 'process say' },
        ['publish', 'room'],
        {
          'halyard.message.type': 'said',
          'halyard.target': 'room',
        },
      ),
    );
    t.strictSame(
      view(deliverSpan, names),
      messagingView(
        { name: 'deliver room', kind: SpanKind.CONSUMER, parent: 'process say' },
        ['receive', 'room'],
        {
          'halyard.target': 'room',
          'halyard.delivery.remote': false,
          'halyard.fanout.recipients': 1,
        },
      ),
    );
    t.equal(exporter.getFinishedSpans().length, 3, 'nothing else');
  },
);

t.test(
  'a handler error marks the span as an error; client mistakes are recorded but not errors',
  async (t) => {
    const { exporter, ann } = await chatWithSpansCleared(t);

    await ann.request('fail', { text: 'x' });
    await ann.request('refuse', { text: 'x' });
    await ann.request('say', { text: 5 });
    ann.sendRaw('{oops');
    await ann.next((frame) => frame.type === 'error' && frame.id === undefined);
    const [fail, refuse, say, malformed] = await spansNamed(exporter, [
      'process fail',
      'process refuse',
      'process say',
      'process /chat',
    ]);
    const outcome = (span: typeof fail) =>
      span && {
        parent: span.parentSpanContext?.spanId,
        outcome: span.attributes['halyard.outcome'],
        code: span.attributes['halyard.error.code'],
        errorType: span.attributes['error.type'],
        status: span.status,
      };
    // A root span ended with `code` as both its Halyard code and its error type.
    const endedWith = (
      outcome: string,
      code: string,
      status: { code: SpanStatusCode; message?: string },
    ) => ({
      parent: undefined,
      outcome,
      code,
      errorType: code,
      status,
    });
    const internal = 'HALYARD_ERR_INTERNAL';
    t.strictSame(
      outcome(fail),
      endedWith('error', internal, { code: SpanStatusCode.ERROR, message: internal }),
    );
    t.strictSame(
      outcome(refuse),
      endedWith('rejected', 'HALYARD_ERR_BAD_REQUEST', { code: SpanStatusCode.UNSET }),
    );
    t.strictSame(
      outcome(say),
      endedWith('rejected', 'HALYARD_ERR_VALIDATION', { code: SpanStatusCode.UNSET }),
    );
    t.equal(
      malformed?.attributes['halyard.error.code'],
      'HALYARD_ERR_WS_MALFORMED_JSON',
      'a frame that is not JSON has its span too',
    );
    t.equal(malformed?.attributes['halyard.message.type'], undefined);
    t.not(
      fail?.spanContext().traceId,
      refuse?.spanContext().traceId,
      'without a traceparent each message starts a trace',
    );
  },
);

t.test('a malformed traceparent is ignored: the message starts its own trace', async (t) => {
  const { app, exporter } = await tracedApp(t);
  const ann = await connectSocket(app, '/chat');
  ann.sendRaw(
    JSON.stringify({
      type: 'say',
      id: 1,
      data: { text: 'a' },
      traceparent: `00-${'0'.repeat(32)}-${clientSpanId}-01`,
    }),
  );
  await ann.next((frame) => frame.id === 1);
  ann.sendRaw(JSON.stringify({ type: 'say', id: 2, data: { text: 'a' }, traceparent: 'not-a-traceparent' }));
  await ann.next((frame) => frame.id === 2);
  const spans = exporter.getFinishedSpans().filter((span) => span.name === 'process say');
  t.equal(spans.length, 2);
  for (const span of spans) t.equal(span.parentSpanContext, undefined);
  ann.sendRaw(JSON.stringify({ type: 'say', id: 3, data: { text: 'a' }, traceparent: 7 }));
  t.strictSame((await ann.next((frame) => frame.id === 3)).error, {
    code: 'HALYARD_ERR_WS_BAD_ENVELOPE',
    message: '"traceparent" must be a string of at most 55 characters',
  });
});

t.test(
  '@OnConnect and @OnDisconnect get their spans; HTTP routes get attributes on the active span',
  async (t) => {
    const { app, exporter, provider } = await tracedApp(t);
    const ann = await connectSocket(app, '/chat');
    await ann.close();
    const [connect] = await spansNamed(exporter, ['OnConnect /chat']);
    t.strictSame(
      connect && {
        kind: connect.kind,
        outcome: connect.attributes['halyard.outcome'],
        hook: connect.attributes['halyard.hook'],
      },
      {
        kind: SpanKind.INTERNAL,
        outcome: 'ok',
        hook: 'OnConnect',
      },
    );
    // ChatSocket has no @OnDisconnect: no span for it.
    t.notOk(exporter.getFinishedSpans().some((span) => span.name.startsWith('OnDisconnect')));

    // Stands in for @opentelemetry/instrumentation-http, which does the same: it wraps the server's
    // 'request' event in a span of its own and keeps that span active for the whole request.
    const tracer = provider.getTracer('test');
    const server = app.server as unknown as { emit(event: string, ...args: unknown[]): boolean };
    const emit = server.emit.bind(server);
    server.emit = (event: string, ...args: unknown[]): boolean => {
      if (event !== 'request') return emit(event, ...args);
      const [request, response] = args as [
        { method: string; url: string },
        { once(event: string, listener: () => void): void },
      ];
      const span = tracer.startSpan(`${request.method} ${request.url}`);
      response.once('finish', () => span.end());
      return context.with(trace.setSpan(context.active(), span), () => emit(event, ...args));
    };
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const post = (body: unknown) =>
      fetch(`${base}/notes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    t.equal((await post({ text: 'hi' })).status, 201);
    t.equal((await post({ text: 5 })).status, 400);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const [first, second] = exporter.getFinishedSpans().filter((span) => span.name === 'POST /notes');
    t.strictSame(first?.attributes, { 'halyard.handler': 'NotesController.create' });
    t.strictSame(second?.attributes, {
      'halyard.handler': 'NotesController.create',
      'halyard.error.code': 'HALYARD_ERR_VALIDATION',
    });
    t.strictSame(
      second?.events.map((event) => [event.name, event.attributes]),
      [
        // `5` fails both @IsString and @MaxLength.
        ['halyard.validation.failed', { 'halyard.validation.errors': 2 }],
      ],
    );
    t.equal(
      exporter.getFinishedSpans().filter((span) => span.name.startsWith('POST')).length,
      2,
      'no second HTTP span',
    );
  },
);
