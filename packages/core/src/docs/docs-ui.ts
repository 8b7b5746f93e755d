import type { FastifyInstance } from 'fastify';

/** What a docs UI gets to render the app's documents. */
export interface DocsUiContext {
  /** The docs prefix, `''` when docs live at the root. */
  readonly prefix: string;
  readonly title: string;
  readonly version: string;
  readonly description?: string;
  /** Where the documents are served (absolute paths). */
  readonly openapiUrl: string;
  readonly asyncapiUrl: string;
  /** The OpenAPI document itself, for viewers that take it inline. */
  readonly openapi: object;
  /** Whether the app has WebSocket routes (hide the WebSocket side when it has none). */
  readonly hasSockets: boolean;
}

/**
 * A pluggable docs viewer. `@halyard/docs-ui` provides the standard one (Swagger UI, the AsyncAPI
 * viewer and a live WebSocket console); without one, `/docs` lists the raw documents.
 *
 * @example
 * ```ts
 * import { docsUi } from '@halyard/docs-ui';
 * await createApp({ controllers, docs: { title: 'Chat API', ui: docsUi() } });
 * ```
 */
export interface DocsUi {
  readonly name: string;
  register(app: FastifyInstance, context: DocsUiContext): Promise<void>;
}
