import { context, trace } from '@opentelemetry/api';
import { traceFields } from './trace-context.js';

/**
 * The active span's W3C trace context, for `@halyard/client`'s `traceContext` option in a Node
 * process (a browser app passes its own function, so its bundle needs no server code):
 *
 * @example
 * ```ts
 * import { clientTraceContext } from '@halyard/tracing';
 * const client = createClient(url, { traceContext: clientTraceContext });
 * ```
 */
export function clientTraceContext(): { traceparent: string; tracestate?: string } | undefined {
  const span = trace.getSpan(context.active());
  return span ? traceFields(span.spanContext()) : undefined;
}
