import type { FastifyInstance, FastifyRequest } from 'fastify';
import { stringify } from 'yaml';
import type { AsyncApiServerOption } from '../asyncapi/asyncapi-generator.js';
import type { AppDefinition } from '../definition/app-definition.js';
import type { SocketLimitOptions } from '../metadata.js';
import { renderDocsIndex } from './docs-index.js';
import type { ResolvedDocsOptions } from './docs-options.js';
import { documentsFor, type GeneratedDocs } from './generate-docs.js';

interface Serialised {
  readonly json: string;
  readonly yaml: string;
}

const serialise = (document: object): Serialised => ({
  json: JSON.stringify(document, null, 2),
  yaml: stringify(document),
});

/** Hosts seen in requests are client input: keep only a few documents per host, then build per request. */
const maxCachedHosts = 16;

/**
 * Serves `openapi.json|yaml` and `asyncapi.json|yaml` under the docs prefix, and the docs UI when
 * one is configured (an index of the documents otherwise). The AsyncAPI servers default to the
 * address the document was fetched from.
 */
export async function registerDocs(
  app: FastifyInstance,
  options: {
    definition: AppDefinition;
    docs: ResolvedDocsOptions;
    documents: GeneratedDocs;
    limits: SocketLimitOptions | undefined;
  },
): Promise<void> {
  const { definition, docs, documents, limits } = options;
  const prefix = docs.prefix;
  const openapi = serialise(documents.openapi);
  const fixedAsyncapi = docs.asyncapiServers ? serialise(documents.asyncapi) : undefined;
  const perHost = new Map<string, Serialised>();

  const asyncapiFor = (request: FastifyRequest): Serialised => {
    if (fixedAsyncapi) return fixedAsyncapi;
    const protocol = request.protocol === 'https' ? 'wss' : 'ws';
    const key = `${protocol}://${request.host}`;
    const cached = perHost.get(key);
    if (cached) return cached;
    const server: AsyncApiServerOption = {
      name: 'default',
      host: request.host,
      protocol,
      description: 'The server this document was fetched from',
    };
    const built = serialise(documentsFor(definition, docs, limits, [server]).asyncapi);
    if (perHost.size < maxCachedHosts) perHost.set(key, built);
    return built;
  };

  await app.register(async (scope) => {
    scope.get(`${prefix}/openapi.json`, (_request, reply) =>
      reply.type('application/json; charset=utf-8').send(openapi.json),
    );
    scope.get(`${prefix}/openapi.yaml`, (_request, reply) =>
      reply.type('application/yaml; charset=utf-8').send(openapi.yaml),
    );
    scope.get(`${prefix}/asyncapi.json`, (request, reply) =>
      reply.type('application/json; charset=utf-8').send(asyncapiFor(request).json),
    );
    scope.get(`${prefix}/asyncapi.yaml`, (request, reply) =>
      reply.type('application/yaml; charset=utf-8').send(asyncapiFor(request).yaml),
    );
    if (docs.ui) {
      await docs.ui.register(scope, {
        prefix,
        title: docs.title,
        version: docs.version,
        ...(docs.description !== undefined && { description: docs.description }),
        openapiUrl: `${prefix}/openapi.json`,
        asyncapiUrl: `${prefix}/asyncapi.json`,
        openapi: documents.openapi,
        hasSockets: definition.sockets.length > 0,
      });
    } else {
      const index = renderDocsIndex(docs, prefix);
      scope.get(prefix || '/', (_request, reply) => reply.type('text/html; charset=utf-8').send(index));
    }
  });
}
