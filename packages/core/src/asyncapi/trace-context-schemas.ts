import type { JsonSchema } from '../schema/json-schema-builder.js';

/**
 * Schema components of the optional W3C Trace Context fields of the client envelope
 * (docs/observability.md). They are payload properties, not AsyncAPI message `headers`: a WebSocket
 * text frame has no header section, the server reads them from the same JSON object as `type` and
 * `data` (docs/api-docs.md says why).
 */
export const traceContextComponents = Object.freeze({
  traceparent: 'TraceParent',
  tracestate: 'TraceState',
});

/** The bounds `checkEnvelope` enforces (ws/wire-protocol.ts); the W3C format itself is not checked there. */
const maxTraceparent = 55;
const maxTracestate = 512;

/** The two components, keyed by their names in `traceContextComponents`. */
export function traceContextSchemas(): Record<string, JsonSchema> {
  return {
    [traceContextComponents.traceparent]: {
      title: traceContextComponents.traceparent,
      description:
        "Optional on every client message: the sender's W3C Trace Context `traceparent` (`00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>`). With `@halyard/tracing` the server's span for the message continues that trace (the OpenTelemetry messaging conventions' context propagation: the creation context travels with the message); a value that is not a valid version-00 traceparent is ignored, not refused. Without tracing it is accepted and unused. Longer than 55 characters or not a string: `HALYARD_ERR_WS_BAD_ENVELOPE`.",
      type: 'string',
      maxLength: maxTraceparent,
      examples: ['00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01'],
    },
    [traceContextComponents.tracestate]: {
      title: traceContextComponents.tracestate,
      description:
        'Optional, with `traceparent`: the W3C Trace Context `tracestate` (vendor `key=value` pairs, comma-separated). Longer than 512 characters or not a string: `HALYARD_ERR_WS_BAD_ENVELOPE`.',
      type: 'string',
      maxLength: maxTracestate,
      examples: ['rojo=00f067aa0ba902b7'],
    },
  };
}

/** The envelope properties every client → server payload carries, fresh objects on every call. */
export function traceContextProperties(): Record<string, JsonSchema> {
  return {
    traceparent: { $ref: `#/components/schemas/${traceContextComponents.traceparent}` },
    tracestate: { $ref: `#/components/schemas/${traceContextComponents.tracestate}` },
  };
}

/** Envelope keys a derived example leaves out: the client sets them per message, never a fixed value. */
export const perMessageRequestKeys: readonly string[] = ['id', 'traceparent', 'tracestate'];
