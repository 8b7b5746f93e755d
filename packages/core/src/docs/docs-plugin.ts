import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { stringify } from 'yaml';
import { withServers, type AsyncApiServerOption } from '../asyncapi/asyncapi-generator.js';
import type { AppDefinition } from '../definition/app-definition.js';
import { installDocsHeaders } from './docs-headers.js';
import { indexSecurityPolicy, renderDocsIndex } from './docs-index.js';
import type { ResolvedDocsOptions } from './docs-options.js';
import type { GeneratedDocs } from './generate-docs.js';

interface Serialised {
  readonly json: string;
  readonly yaml: string;
}

const serialise = (document: object): Serialised => ({
  json: JSON.stringify(document, null, 2),
  yaml: stringify(document),
});

/**
 * The server the app listens on, as an AsyncAPI server: `ws` or `wss` by whether Fastify serves
 * HTTPS. An unspecified address (`0.0.0.0`, `::`) is written as `localhost`; a pipe or Unix
 * socket has no host to write, so it gives none.
 *
 * @example `listeningServer(app) // { name: 'default', host: '127.0.0.1:3000', protocol: 'ws', ... }`
 */
function listeningServer(app: FastifyInstance): AsyncApiServerOption | undefined {
  const address = app.server.address();
  if (address === null || typeof address === 'string') return undefined;
  const { address: ip, family, port } = address as AddressInfo;
  const unspecified = ip === '0.0.0.0' || ip === '::';
  const host = unspecified ? 'localhost' : family === 'IPv6' ? `[${ip}]` : ip;
  return {
    name: 'default',
    host: `${host}:${port}`,
    protocol: app.initialConfig.https ? 'wss' : 'ws',
    description: 'The address this server listens on',
  };
}

/**
 * Serves `openapi.json|yaml` and `asyncapi.json|yaml` under the docs prefix, and the docs UI when
 * one is configured (an index of the documents otherwise). Both documents are serialised once.
 * AsyncAPI `servers` are `docs.asyncapiServers` when given; otherwise the listening address,
 * added once when the server starts listening (only the AsyncAPI document's `servers` change then).
 * Nothing depends on the request, so a client cannot make the server build documents.
 */
export async function registerDocs(
  app: FastifyInstance,
  options: {
    definition: AppDefinition;
    docs: ResolvedDocsOptions;
    documents: GeneratedDocs;
  },
): Promise<void> {
  const { definition, docs, documents } = options;
  const prefix = docs.prefix;
  const openapi = serialise(documents.openapi);
  let asyncapi = serialise(documents.asyncapi);
  if (!docs.asyncapiServers && definition.sockets.length > 0)
    app.addHook('onListen', async () => {
      const server = listeningServer(app);
      if (server) asyncapi = serialise(withServers(documents.asyncapi, [server]));
    });

  await app.register(async (scope) => {
    installDocsHeaders(scope);
    scope.get(`${prefix}/openapi.json`, (_request, reply) =>
      reply.type('application/json; charset=utf-8').send(openapi.json),
    );
    scope.get(`${prefix}/openapi.yaml`, (_request, reply) =>
      reply.type('application/yaml; charset=utf-8').send(openapi.yaml),
    );
    scope.get(`${prefix}/asyncapi.json`, (_request, reply) =>
      reply.type('application/json; charset=utf-8').send(asyncapi.json),
    );
    scope.get(`${prefix}/asyncapi.yaml`, (_request, reply) =>
      reply.type('application/yaml; charset=utf-8').send(asyncapi.yaml),
    );
    // `/docs/` is the same page as `/docs`: one canonical address (the query kept), not a 404.
    if (prefix !== '')
      scope.get(`${prefix}/`, (request, reply) => {
        const query = request.url.indexOf('?');
        return reply.redirect(query === -1 ? prefix : `${prefix}${request.url.slice(query)}`, 308);
      });
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
      scope.get(prefix || '/', (_request, reply) =>
        reply
          .type('text/html; charset=utf-8')
          .header('content-security-policy', indexSecurityPolicy)
          .send(index),
      );
    }
  });
}
