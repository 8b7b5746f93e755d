import { performance } from 'node:perf_hooks';
import type { MessageOutcome } from '@halyard/core';
import { SpanStatusCode, type Span } from '@opentelemetry/api';

/** `performance.now()` as epoch milliseconds, the sub-millisecond start time OpenTelemetry takes. */
export function now(): number {
  return performance.timeOrigin + performance.now();
}

/** Ends a span with Halyard's outcome: only the server's own faults mark the span as an error. */
export function finish(span: Span, outcome: MessageOutcome, code: string | undefined): void {
  span.setAttribute('halyard.outcome', outcome);
  if (code !== undefined) {
    span.setAttribute('halyard.error.code', code);
    span.setAttribute('error.type', code);
  }
  if (outcome === 'error') span.setStatus({ code: SpanStatusCode.ERROR, message: code ?? 'error' });
  span.end();
}
