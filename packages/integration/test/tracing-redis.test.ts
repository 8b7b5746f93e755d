import 'reflect-metadata';
import t from 'tap';
import { SpanKind } from '@opentelemetry/api';
import type { InMemorySpanExporter, ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { connectSocket } from '@halyard/core/testing';
import { tracing } from '@halyard/tracing';
// The tracing package's in-memory setup (it also installs the async context manager an SDK would).
import { memoryTracing, spansNamed } from '../../tracing/test/otel-setup.js';
import { redisChatApp } from './helpers/redis-chat-app.js';
import { deleteKeysUnder, uniquePrefix } from './helpers/redis-test-keys.js';

const finished = async (exporter: InMemorySpanExporter, name: string): Promise<ReadableSpan> =>
  (await spansNamed(exporter, [name]))[0]!;

// No skip when Redis is down: start() rejects with HALYARD_ERR_REDIS_UNAVAILABLE and the test fails.
t.test(
  'a push that crosses two instances over Redis yields a delivery span linked to the publish',
  async (t) => {
    const keyPrefix = uniquePrefix('tracing');
    t.teardown(() => deleteKeysUnder(keyPrefix));
    // One tracer provider and exporter per app, as two processes would have.
    const make = async () => {
      const { provider, exporter } = memoryTracing();
      const app = await redisChatApp(t, keyPrefix, [tracing({ tracerProvider: provider })]);
      return { app, exporter };
    };
    const a = await make();
    const b = await make();
    const ann = await connectSocket(a.app, '/chat');
    const bob = await connectSocket(b.app, '/chat');
    await finished(b.exporter, 'OnConnect /chat');
    b.exporter.reset();

    const traceId = '0af7651916cd43dd8448eb211c80319c';
    ann.sendRaw(
      JSON.stringify({ type: 'say', data: { text: 'hi' }, traceparent: `00-${traceId}-b7ad6b7169203331-01` }),
    );
    t.strictSame(await bob.nextPush('said'), { type: 'said', data: { text: 'hi' } });

    const processSpan = await finished(a.exporter, 'process say');
    const publishSpan = await finished(a.exporter, 'publish said');
    const localDelivery = await finished(a.exporter, 'deliver room');
    const remoteDelivery = await finished(b.exporter, 'deliver room');
    t.equal(processSpan.spanContext().traceId, traceId, "A: the message continues the client's trace");
    t.equal(
      publishSpan.parentSpanContext?.spanId,
      processSpan.spanContext().spanId,
      'A: publish is a child of the message',
    );
    t.equal(publishSpan.spanContext().traceId, traceId);
    t.strictSame(
      {
        parent: localDelivery.parentSpanContext?.spanId,
        remote: localDelivery.attributes['halyard.delivery.remote'],
        recipients: localDelivery.attributes['halyard.fanout.recipients'],
      },
      { parent: processSpan.spanContext().spanId, remote: false, recipients: 0 },
      'A: its local delivery reached nobody (ann is excepted)',
    );
    t.strictSame(
      {
        kind: remoteDelivery.kind,
        parent: remoteDelivery.parentSpanContext,
        links: remoteDelivery.links.map((link) => ({
          traceId: link.context.traceId,
          spanId: link.context.spanId,
        })),
        remote: remoteDelivery.attributes['halyard.delivery.remote'],
        recipients: remoteDelivery.attributes['halyard.fanout.recipients'],
      },
      {
        kind: SpanKind.CONSUMER,
        parent: undefined,
        links: [{ traceId, spanId: publishSpan.spanContext().spanId }],
        remote: true,
        recipients: 1,
      },
      "B: the delivery starts a trace of its own, linked to A's publish",
    );
    t.not(remoteDelivery.spanContext().traceId, traceId);
    await ann.close();
    await bob.close();
  },
);
