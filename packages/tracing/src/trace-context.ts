import {
  createTraceState,
  isSpanContextValid,
  trace,
  type Context,
  type SpanContext,
} from '@opentelemetry/api';

/** W3C Trace Context, version 00: `00-<trace id>-<parent id>-<flags>`, lower-case hex. */
const traceparentPattern = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const invalidTraceId = '0'.repeat(32);
const invalidSpanId = '0'.repeat(16);

/**
 * The remote span context a `traceparent` (and `tracestate`) names, or `undefined` when the
 * header is malformed or all zeros (then the message starts a trace of its own). Parsed here
 * rather than through the global propagator: the envelope fields are W3C by definition, whatever
 * propagator the app configured for HTTP.
 */
export function remoteSpanContext(
  traceparent: string | undefined,
  tracestate: string | undefined,
): SpanContext | undefined {
  if (traceparent === undefined) return undefined;
  const match = traceparentPattern.exec(traceparent);
  if (!match) return undefined;
  const [, traceId = '', spanId = '', flags = '00'] = match;
  if (traceId === invalidTraceId || spanId === invalidSpanId) return undefined;
  return {
    traceId,
    spanId,
    traceFlags: Number.parseInt(flags, 16),
    isRemote: true,
    ...(tracestate !== undefined && tracestate.length > 0 && { traceState: createTraceState(tracestate) }),
  };
}

/** The context a message continues: the client's span, or `parent` when it sent none. */
export function contextFrom(parent: Context, remote: SpanContext | undefined): Context {
  return remote ? trace.setSpanContext(parent, remote) : parent;
}

/** The `traceparent` / `tracestate` of a span, for the bus or an outgoing envelope. */
export function traceFields(
  spanContext: SpanContext,
): { traceparent: string; tracestate?: string } | undefined {
  if (!isSpanContextValid(spanContext)) return undefined;
  const flags = (spanContext.traceFlags & 0xff).toString(16).padStart(2, '0');
  const tracestate = spanContext.traceState?.serialize();
  return {
    traceparent: `00-${spanContext.traceId}-${spanContext.spanId}-${flags}`,
    ...(tracestate !== undefined && tracestate.length > 0 && { tracestate }),
  };
}
