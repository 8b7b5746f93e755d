import './fastify-augmentation.js';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { buildDefinition } from './definition/definition-builder.js';
import { Container } from './di/container.js';
import type { Provider } from './di/provider.js';
import type { Token } from './di/token.js';
import { docsServed, resolveDocsOptions, type DocsOptions } from './docs/docs-options.js';
import { registerDocs } from './docs/docs-plugin.js';
import { checkExamples } from './docs/example-checks.js';
import { documentsFor } from './docs/generate-docs.js';
import { HalyardError } from './errors.js';
import type { HalyardExtension } from './extension.js';
import { answerFrameworkError, installErrorHandling } from './http/error-handler.js';
import { credentialQueryKeys, withRequestLog } from './http/request-log.js';
import { registerHttpRoutes } from './http/route-registrar.js';
import type { HalyardRuntime } from './runtime.js';
import { FASTIFY, LOGGER } from './tokens.js';
import type { Class } from './types.js';
import { resolveValidationSettings, type ValidationSettings } from './validation/validation-settings.js';
import { Hub } from './ws/hub.js';
import { RoomStreams } from './ws/room-streams.js';
import { MemoryAdapter } from './ws/memory-adapter.js';
import { registerSockets } from './ws/socket-registrar.js';
import { RoomPolicy } from './ws/room-policy.js';
import { appWideLimits, resolveAppSocketOptions } from './ws/websocket-options.js';
import type { WebSocketAppOptions } from './ws/websocket-options.js';
import { kObservers, kRoomPolicy, kStart, kStop } from './ws/hub-internals.js';

export interface CreateAppOptions {
  /** Controller classes; each is instantiated once through the container. */
  readonly controllers: readonly Class[];
  readonly providers?: readonly Provider[];
  /**
   * Document texts and the docs prefix; `false` turns the docs routes off (the documents are still
   * built). Served by default except with `NODE_ENV=production`: `docs: { enabled: true }` there.
   */
  readonly docs?: DocsOptions | false;
  /** Overrides of the strict validation defaults. */
  readonly validation?: Partial<ValidationSettings>;
  /** Add-ons registered after Halyard's routes, e.g. `adminPanel()` from `@halyard/admin`. */
  readonly extensions?: readonly HalyardExtension[];
  /** WebSocket settings: default limits, heartbeat, broadcast adapter, shutdown timeout. */
  readonly websocket?: WebSocketAppOptions;
  /**
   * Options for the Fastify instance (logger, loggerInstance, bodyLimit, trustProxy, ...). Without
   * `logger` or `loggerInstance` the logger is pino at `info` (or `LOG_LEVEL`).
   */
  readonly fastify?: FastifyServerOptions;
}

/**
 * Builds a Fastify instance from decorated controllers: reads their metadata once, resolves
 * providers, registers the routes and the docs. The result is a normal Fastify instance: register
 * any Fastify plugin on it, `inject()` requests, `listen()`.
 *
 * @example
 * ```ts
 * const app = await createApp({ controllers: [RoomsController], providers: [RoomService], docs: { title: 'Chat API' } });
 * await app.listen({ port: 3000 });
 * ```
 */
export async function createApp(options: CreateAppOptions): Promise<FastifyInstance> {
  if (!options || !Array.isArray(options.controllers)) {
    throw new HalyardError('HALYARD_ERR_OPTIONS_INVALID', {
      detail: 'controllers must be an array of controller classes',
    });
  }
  const websocket = options.websocket ?? {};
  const socketLimits = appWideLimits(websocket);
  const definition = buildDefinition(options.controllers, { limits: socketLimits });
  const settings = resolveValidationSettings(options.validation);
  const docs = resolveDocsOptions(options.docs === false ? {} : options.docs);
  await checkExamples(definition, settings);
  const socketOptions = resolveAppSocketOptions(websocket);
  const documents = documentsFor(definition, docs, {
    validation: settings,
    ...(websocket.streams && { streams: websocket.streams }),
  });

  const app = Fastify({
    frameworkErrors: answerFrameworkError,
    ...withRequestLog(options.fastify, credentialQueryKeys(definition)),
  });
  const adapter = websocket.adapter ?? new MemoryAdapter();
  const hub = new Hub(adapter, app.log, RoomStreams.resolve(websocket.streams, adapter));
  const container = new Container(
    options.providers ?? [],
    new Map<Token, unknown>([
      [FASTIFY, app],
      [LOGGER, app.log],
      [Hub, hub],
    ]),
  );
  await container.resolveAll();
  hub[kRoomPolicy] = await RoomPolicy.compile(websocket.roomPolicies, container);

  const runtime: HalyardRuntime = {
    definition,
    openapi: documents.openapi,
    asyncapi: documents.asyncapi,
    hub,
    get: (token) => container.get(token),
    observeSockets: (observer) => hub[kObservers].add(observer),
  };
  app.decorate('halyard', runtime);
  app.decorateRequest('halyardIdentity', undefined);
  installErrorHandling(app);
  await registerHttpRoutes(app, definition, { container, settings });
  try {
    await hub[kStart]();
  } catch (error) {
    // The adapter could not start (e.g. Redis unreachable): release what Fastify holds, then report.
    await app.close();
    throw error;
  }
  app.addHook('onClose', () => hub[kStop]());
  if (definition.sockets.length > 0)
    await registerSockets(app, definition, {
      container,
      settings,
      hub,
      appOptions: socketOptions,
    });
  const served = docsServed(options.docs);
  if (served === 'served') await registerDocs(app, { definition, docs, documents });
  else if (served === 'production-default')
    app.log.info('docs routes are off: NODE_ENV is production; pass docs: { enabled: true } to serve them');
  for (const extension of options.extensions ?? []) await extension.register(app);
  return app;
}
