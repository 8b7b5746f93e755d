import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import type { HalyardExtension } from '@halyard/core';

/**
 * Serves the browser pages Vite built into `web-dist/` (`/`, `/board.html`, `/assets/*`). When they
 * were not built, `/` says how to build them instead of answering 404.
 */
export function webPages(root: string): HalyardExtension {
  return {
    name: 'chat-web-pages',
    async register(app) {
      if (!existsSync(root)) {
        app.log.warn({ root }, 'web pages not built; run the build (vite build) first');
        app.get('/', (_request, reply) =>
          reply
            .code(503)
            .type('text/plain; charset=utf-8')
            .send('The chat pages are not built yet: run the build (it runs `vite build`) and restart.'),
        );
        return;
      }
      await app.register(fastifyStatic, {
        root,
        prefix: '/',
        index: ['index.html'],
        wildcard: false,
        cacheControl: true,
        maxAge: 60_000,
      });
    },
  };
}
