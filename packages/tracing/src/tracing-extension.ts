import type { HalyardExtension } from '@halyard/core';
import { trace, type TracerProvider } from '@opentelemetry/api';
import type { FastifyInstance } from 'fastify';
import { httpSpan } from './http-span.js';
import { socketTracer } from './socket-tracer.js';

export interface TracingOptions {
  /** Where spans go. Default: the global provider the app's SDK registered (a no-op without one). */
  readonly tracerProvider?: TracerProvider;
  /** The instrumentation scope name. Default `@halyard/tracing`. */
  readonly tracerName?: string;
}

/**
 * OpenTelemetry spans for a Halyard app's real-time traffic: one `process <type>` span per handled
 * message (continuing a `traceparent` the client sent in the envelope), `OnConnect` /
 * `OnDisconnect` spans, `publish <type>` per hub publish with its context carried over the Redis
 * bus, and `deliver <target>` per delivery, linked to the publish on other instances. HTTP requests
 * keep the standard instrumentation's span; Halyard adds its attributes to it.
 *
 * @example
 * ```ts
 * import { tracing } from '@halyard/tracing';
 * // after the OpenTelemetry SDK is started (see docs/observability.md)
 * const app = await createApp({ controllers, extensions: [tracing()] });
 * ```
 */
export function tracing(options: TracingOptions = {}): HalyardExtension {
  return { name: 'halyard-tracing', register: async (app) => registerTracing(app, options) };
}

function registerTracing(app: FastifyInstance, options: TracingOptions): void {
  const provider = options.tracerProvider ?? trace.getTracerProvider();
  const tracer = provider.getTracer(options.tracerName ?? '@halyard/tracing');
  const detach = app.halyard.observeSockets(socketTracer(tracer));
  app.addHook('onClose', async () => detach());
  // Halyard's attributes go on the HTTP instrumentation's span: no second HTTP span tree.
  app.addHook('onRequest', async (request) => {
    const handler = request.routeOptions.config.halyardHandler;
    if (handler !== undefined) httpSpan(request)?.setAttribute('halyard.handler', handler);
  });
  app.addHook('onError', async (request, _reply, error) => {
    const code = (error as { code?: unknown }).code;
    const span = httpSpan(request);
    if (!span || typeof code !== 'string' || !code.startsWith('HALYARD_ERR_')) return;
    span.setAttribute('halyard.error.code', code);
    const fields = (error as { errors?: unknown }).errors;
    if (Array.isArray(fields))
      span.addEvent('halyard.validation.failed', { 'halyard.validation.errors': fields.length });
  });
}
