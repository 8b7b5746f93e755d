import { context, propagation, trace, type Context, type Span } from '@opentelemetry/api';
import type { FastifyRequest } from 'fastify';

/** What `@fastify/otel` decorates a request with (`request.opentelemetry()`), when it is installed. */
interface FastifyOtelView {
  readonly span?: Span | null;
  readonly context?: Context | null;
}

function fastifyOtel(request: FastifyRequest): FastifyOtelView | undefined {
  const view = (request as FastifyRequest & { opentelemetry?: () => FastifyOtelView }).opentelemetry;
  return typeof view === 'function' ? view.call(request) : undefined;
}

/**
 * The request's HTTP span: `@fastify/otel`'s request span when it is installed (its hooks run in
 * spans of their own, so the active span may be a hook's), else the active one, as
 * `@opentelemetry/instrumentation-http` keeps its span active for the whole request.
 */
export function httpSpan(request: FastifyRequest): Span | undefined {
  return fastifyOtel(request)?.span ?? trace.getActiveSpan();
}

/**
 * Where an upgrade span goes. Under `@fastify/otel` (or any span active) it is a child of the
 * request's span; otherwise nothing traced the request (the HTTP instrumentation does not see
 * upgrades), so the upgrade is the server span itself and continues a `traceparent` header.
 */
export function upgradeParent(request: FastifyRequest): {
  parent: Context;
  server: boolean;
  /** `@fastify/otel`'s request span, which never ends by itself for an upgrade (no response is sent). */
  fastifySpan?: Span;
} {
  const view = fastifyOtel(request);
  const fastifySpan = view?.span ?? undefined;
  if (view?.context && fastifySpan) return { parent: view.context, server: false, fastifySpan };
  const active = context.active();
  if (trace.getSpan(active)) return { parent: active, server: false };
  return { parent: propagation.extract(active, request.headers), server: true };
}
