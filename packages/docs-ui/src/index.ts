import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { DocsUi, DocsUiContext } from '@halyard/core';
import type { FastifyInstance } from 'fastify';
import { loadAssets } from './asset-files.js';
import { renderDocsPage, renderViewerPage } from './docs-page.js';
import { inlineSource, pagePolicy, serverOrigins, swaggerPolicy, viewerPolicy } from './docs-security.js';

export { docsAssetFiles, renderDocsPage } from './page.js';
export type { AssetFile, DocsPageInfo, DocsPageMode, DocsPageTarget } from './page.js';

export interface DocsUiOptions {
  /** Show the live WebSocket console next to the AsyncAPI viewer. Default `true`. */
  readonly console?: boolean;
}

/**
 * The standard docs UI: `/docs` shows the REST API (Swagger UI, also at `/docs/http`) and the
 * WebSocket API (the AsyncAPI viewer with a live console that connects, sends the documented
 * messages and shows replies, pushes and error frames). Every asset comes from installed packages.
 *
 * @example
 * ```ts
 * await createApp({ controllers, docs: { title: 'Chat API', ui: docsUi() } });
 * ```
 */
export function docsUi(options: DocsUiOptions = {}): DocsUi {
  return {
    name: 'halyard-docs-ui',
    async register(app: FastifyInstance, context: DocsUiContext): Promise<void> {
      const assets = loadAssets();
      const consoleEnabled = options.console !== false;
      const page = renderDocsPage(context, {
        mode: 'served',
        prefix: context.prefix,
        openapiUrl: context.openapiUrl,
        asyncapiUrl: context.asyncapiUrl,
        console: consoleEnabled,
      });
      const scriptSource = inlineSource(page.script);
      await app.register(swagger, { mode: 'static', specification: { document: context.openapi as never } });
      await app.register(swaggerUi, {
        routePrefix: `${context.prefix}/http`,
        // BaseLayout: no top bar, whose logo brings an inline style and whose URL box loads any spec.
        uiConfig: { deepLinking: true, layout: 'BaseLayout' },
        staticCSP: swaggerPolicy(serverOrigins(context.openapi)),
      });
      app.get(context.prefix || '/', { schema: { hide: true } }, (request, reply) =>
        reply
          .type('text/html; charset=utf-8')
          .header('content-security-policy', pagePolicy({ scriptSource, host: request.host }))
          .send(page.html),
      );
      if (context.hasSockets) {
        const viewer = renderViewerPage(context);
        app.get(`${context.prefix}/asyncapi-viewer`, { schema: { hide: true } }, (_request, reply) =>
          reply.type('text/html; charset=utf-8').header('content-security-policy', viewerPolicy).send(viewer),
        );
      }
      app.get<{ Params: { file: string } }>(
        `${context.prefix}/assets/:file`,
        { schema: { hide: true } },
        (request, reply) => {
          const asset =
            request.params.file === 'console.js' && !consoleEnabled
              ? undefined
              : assets.get(request.params.file);
          if (!asset) return reply.callNotFound();
          return reply.type(asset.type).header('cache-control', 'public, max-age=3600').send(asset.body);
        },
      );
    },
  };
}
