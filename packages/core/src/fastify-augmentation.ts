import type { HalyardRuntime } from './runtime.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** `Controller.member` that handles the route, for logs and tooling. */
    halyardHandler?: string;
  }
  interface FastifyRequest {
    /** What the route's guards attached with `setIdentity`; `undefined` without guards. */
    halyardIdentity: unknown;
  }
  interface FastifyInstance {
    /** Halyard's view of the app: the definition, the container, the documents and the WebSocket hub. */
    halyard: HalyardRuntime;
  }
}
