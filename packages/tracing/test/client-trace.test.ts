import 'reflect-metadata';
import t from 'tap';
import { context, trace } from '@opentelemetry/api';
import { connect } from '@halyard/client';
import { clientTraceContext } from '../src/index.js';
import { tracedApp } from './fixtures.js';
import { spansNamed } from './otel-setup.js';

t.test(
  "@halyard/client puts the active span's context in the envelope; the server span continues it",
  async (t) => {
    const { app, exporter, provider } = await tracedApp(t);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const client = connect(`ws://127.0.0.1:${port}/chat`, {
      traceContext: clientTraceContext,
      reconnect: false,
    });
    t.teardown(() => client.close());
    await client.ready();

    const tracer = provider.getTracer('client-app');
    const caller = tracer.startSpan('send a chat line');
    const reply = await context.with(trace.setSpan(context.active(), caller), () =>
      client.request('say', { text: 'hi' }),
    );
    caller.end();
    t.strictSame(reply, { text: 'hi' });
    // Outside any span the client sends no trace context: the server starts a trace of its own.
    await client.request('say', { text: 'again' });

    const spans = exporter.getFinishedSpans().filter((span) => span.name === 'process say');
    await spansNamed(exporter, ['process say']);
    t.equal(spans.length, 2);
    const [traced, untraced] = spans;
    t.strictSame(
      { traceId: traced?.spanContext().traceId, parent: traced?.parentSpanContext?.spanId },
      { traceId: caller.spanContext().traceId, parent: caller.spanContext().spanId },
    );
    t.equal(untraced?.parentSpanContext, undefined);
    t.not(untraced?.spanContext().traceId, caller.spanContext().traceId);
  },
);
