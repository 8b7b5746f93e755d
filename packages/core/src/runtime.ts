import type { AppDefinition } from './definition/app-definition.js';
import type { Token } from './di/token.js';
import type { AsyncApiDocument } from './asyncapi/asyncapi-generator.js';
import type { OpenApiDocument } from './openapi/openapi-generator.js';
import type { Hub } from './ws/hub.js';
import type { SocketObserver } from './ws/socket-observer.js';

/** Halyard's part of the Fastify instance, at `app.halyard`. */
export interface HalyardRuntime {
  /** The immutable definition built from the controllers at boot. */
  readonly definition: AppDefinition;
  /** Resolves a provider (or controller) singleton. @example `const rooms = await app.halyard.get(RoomService)` */
  get<T>(token: Token<T>): Promise<T>;
  /** The OpenAPI 3.1 document, built once at boot. */
  readonly openapi: OpenApiDocument;
  /** The AsyncAPI 3.0 document as built at boot: `servers` only from `docs.asyncapiServers` (the served one adds the listening address). */
  readonly asyncapi: AsyncApiDocument;
  /** Rooms, broadcast, presence and stats of the WebSocket routes (also injectable as `Hub`). */
  readonly hub: Hub;
  /**
   * Attaches an observer of the WebSocket runtime (connections, frames, messages, hub publishes),
   * as `@halyard/metrics` and `@halyard/tracing` do. Returns the function that detaches it.
   *
   * @example `const stop = app.halyard.observeSockets({ opened: (route) => open.inc({ route }) });`
   */
  observeSockets(observer: SocketObserver): () => void;
}
