import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { stringify } from 'yaml';
import type { OpenApiDocument } from '../openapi/openapi-generator.js';
import type { ResolvedDocsOptions } from './docs-options.js';
import { renderDocsIndex } from './docs-index.js';

/**
 * Serves the generated documents and viewers under the docs prefix:
 * `openapi.json`, `openapi.yaml`, Swagger UI at `http/` (assets from the local swagger-ui-dist
 * package, no CDN) and an index page. Documents are serialised once, at boot.
 */
export async function registerDocs(
  app: FastifyInstance,
  openapi: OpenApiDocument,
  options: ResolvedDocsOptions,
): Promise<void> {
  const prefix = options.prefix === '/' ? '' : options.prefix;
  const json = JSON.stringify(openapi, null, 2);
  const yaml = stringify(openapi);
  const index = renderDocsIndex(options, prefix);

  await app.register(async (docs) => {
    await docs.register(swagger, { mode: 'static', specification: { document: openapi as never } });
    await docs.register(swaggerUi, { routePrefix: `${prefix}/http`, uiConfig: { deepLinking: true } });
    docs.get(`${prefix}/openapi.json`, { schema: { hide: true } }, (_request, reply) =>
      reply.type('application/json; charset=utf-8').send(json),
    );
    docs.get(`${prefix}/openapi.yaml`, { schema: { hide: true } }, (_request, reply) =>
      reply.type('application/yaml; charset=utf-8').send(yaml),
    );
    docs.get(prefix || '/', { schema: { hide: true } }, (_request, reply) =>
      reply.type('text/html; charset=utf-8').send(index),
    );
  });
}
