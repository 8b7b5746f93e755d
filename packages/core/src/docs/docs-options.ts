/** `createApp({ docs })`: what the generated documents say about the API, and where they are served. */
export interface DocsOptions {
  readonly title?: string;
  readonly version?: string;
  readonly description?: string;
  /** URL prefix of the docs routes. Default `/docs`. */
  readonly prefix?: string;
  /** Servers listed in the documents; by default none for OpenAPI (relative to the page). */
  readonly servers?: ReadonlyArray<{ readonly url: string; readonly description?: string }>;
}

export interface ResolvedDocsOptions {
  readonly title: string;
  readonly version: string;
  readonly description?: string;
  readonly prefix: string;
  readonly servers: ReadonlyArray<{ readonly url: string; readonly description?: string }>;
}

export function resolveDocsOptions(options: DocsOptions = {}): ResolvedDocsOptions {
  const prefix = `/${(options.prefix ?? '/docs').replace(/^\/+|\/+$/g, '')}`;
  return {
    title: options.title ?? 'Halyard API',
    version: options.version ?? '1.0.0',
    ...(options.description !== undefined && { description: options.description }),
    prefix,
    servers: options.servers ?? [],
  };
}
