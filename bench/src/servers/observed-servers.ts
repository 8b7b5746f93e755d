import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { metrics } from '@halyard/metrics';
import { tracing } from '@halyard/tracing';
import { startHalyard } from './halyard-server.js';

/** An exporter that drops what it gets: the cost measured is making and batching spans, not the network. */
const discard: SpanExporter = {
  export: (_spans, done) => done({ code: 0 }),
  shutdown: async () => undefined,
};

/** The observability cases: the same server with tracing (no SDK, or an SDK) or metrics added. */
export const observedServers = {
  // tracing() with no SDK registered: the API's no-op tracer.
  'halyard-tracing-nosdk': (port: number) => startHalyard(port, [tracing()]),
  'halyard-tracing-sdk': (port: number) => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    const provider = new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(discard)] });
    return startHalyard(port, [tracing({ tracerProvider: provider })]);
  },
  'halyard-metrics': (port: number) => startHalyard(port, [metrics()]),
} as const;
