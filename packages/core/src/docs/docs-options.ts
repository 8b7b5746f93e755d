import type { AsyncApiServerOption } from '../asyncapi/asyncapi-generator.js';
import type { DocsUi } from './docs-ui.js';

/** `createApp({ docs })`: what the generated documents say about the API, and where they are served. */
export interface DocsOptions {
  /**
   * Serve the docs routes. Default: on, except with `NODE_ENV=production`, where the API's whole
   * surface (and, with `@halyard/docs-ui`, a live console) should not be public by accident.
   * `false` turns the routes off and keeps the documents (`app.halyard.openapi`, `halyard docs`).
   */
  readonly enabled?: boolean;
  readonly title?: string;
  readonly version?: string;
  readonly description?: string;
  /** URL prefix of the docs routes. Default `/docs`. */
  readonly prefix?: string;
  /** OpenAPI `servers`; default `[{ url: '/' }]`, the host serving the document (OpenAPI's own default, written out). */
  readonly servers?: ReadonlyArray<{ readonly url: string; readonly description?: string }>;
  /**
   * AsyncAPI `servers`. Default: the address the app listens on (`ws://127.0.0.1:3000`, `wss` when
   * Fastify serves HTTPS), added once `listen()` has bound it; none before that (`inject`) or on a
   * Unix socket. Behind a proxy or a public name, list the public address here.
   */
  readonly asyncapiServers?: readonly AsyncApiServerOption[];
  /** The docs viewer, e.g. `docsUi()` from `@halyard/docs-ui`. Without one, `/docs` lists the documents. */
  readonly ui?: DocsUi;
}

export interface ResolvedDocsOptions {
  readonly title: string;
  readonly version: string;
  readonly description?: string;
  readonly prefix: string;
  readonly servers: ReadonlyArray<{ readonly url: string; readonly description?: string }>;
  readonly asyncapiServers?: readonly AsyncApiServerOption[];
  readonly ui?: DocsUi;
}

export function resolveDocsOptions(options: DocsOptions = {}): ResolvedDocsOptions {
  const trimmed = (options.prefix ?? '/docs').replace(/^\/+|\/+$/g, '');
  return {
    title: options.title ?? 'Halyard API',
    version: options.version ?? '1.0.0',
    ...(options.description !== undefined && { description: options.description }),
    prefix: trimmed === '' ? '' : `/${trimmed}`,
    servers: options.servers ?? [],
    ...(options.asyncapiServers && { asyncapiServers: options.asyncapiServers }),
    ...(options.ui && { ui: options.ui }),
  };
}

/** Whether the docs routes are served, and why not: `docs: false` / `enabled: false`, or production. */
export type DocsServed = 'served' | 'disabled' | 'production-default';

/**
 * `enabled` decides when given; otherwise the docs are served unless `NODE_ENV` is `production`.
 *
 * @example `docsServed({ title: 'API' }, 'production') // 'production-default'`
 */
export function docsServed(
  option: DocsOptions | false | undefined,
  nodeEnv: string | undefined = process.env['NODE_ENV'],
): DocsServed {
  if (option === false || option?.enabled === false) return 'disabled';
  if (option?.enabled === true || nodeEnv !== 'production') return 'served';
  return 'production-default';
}
