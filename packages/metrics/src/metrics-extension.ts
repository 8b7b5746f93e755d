import { ForbiddenError, type GuardContext, type HalyardExtension } from '@halyard/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { collectDefaultMetrics } from 'prom-client';
import { MetricsError } from './errors.js';
import {
  resolveMetricsOptions,
  type MetricsOptions,
  type ResolvedMetricsOptions,
} from './metrics-options.js';
import { SocketMetrics } from './socket-metrics.js';

/**
 * Prometheus metrics of a Halyard app: WebSocket connections, upgrades refused, messages in and
 * out by route, type and outcome, handler durations, bytes, error codes, rate limiting, slow
 * consumers, hub fan-out and cross-instance delivery lag, plus Node's process metrics. Off unless
 * added; while it is not, the runtime builds nothing for it.
 *
 * @example
 * ```ts
 * import { metrics } from '@halyard/metrics';
 * const app = await createApp({ controllers, extensions: [metrics({ path: '/metrics', guards: [new ScrapeGuard()] })] });
 * // curl http://localhost:3000/metrics
 * ```
 */
export function metrics(options: MetricsOptions = {}): HalyardExtension {
  const resolved = resolveMetricsOptions(options);
  return { name: 'halyard-metrics', register: (app) => registerMetrics(app, resolved) };
}

async function registerMetrics(app: FastifyInstance, options: ResolvedMetricsOptions): Promise<void> {
  if (!app.hasDecorator('halyard'))
    throw new MetricsError('HALYARD_ERR_METRICS_OPTIONS_INVALID', {
      detail: 'metrics() needs a Halyard app: pass it in createApp({ extensions: [metrics(...)] })',
    });
  const { registry } = options;
  const series = new SocketMetrics(app.halyard.definition, options);
  const detach = app.halyard.observeSockets(series.observer());
  app.addHook('onClose', async () => detach());
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry });

  app.route({
    method: 'GET',
    url: options.path,
    config: { halyardHandler: 'metrics' },
    onRequest: async (request) => runGuards(options, request),
    handler: async (_request, reply) =>
      reply
        .type(registry.contentType)
        .header('cache-control', 'no-store')
        .send(await registry.metrics()),
  });
}

async function runGuards(options: ResolvedMetricsOptions, request: FastifyRequest): Promise<void> {
  let identity: unknown;
  for (const guard of options.guards) {
    const context: GuardContext = {
      kind: 'http',
      request,
      handler: 'metrics',
      identity,
      setIdentity: (value) => {
        identity = value;
      },
    };
    if (!(await guard.canActivate(context))) throw new ForbiddenError(`Access to ${options.path} denied`);
  }
}
