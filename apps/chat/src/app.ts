import 'reflect-metadata';
import { fileURLToPath } from 'node:url';
import { createApp, type CreateAppOptions } from '@halyard/core';
import { adminPanel } from '@halyard/admin';
import { docsUi } from '@halyard/docs-ui';
import { metrics } from '@halyard/metrics';
import type { FastifyInstance } from 'fastify';
import { appOptions } from './app-options.js';
import { webPages } from './web/web-pages.js';

export { appOptions };

const webRoot = fileURLToPath(new URL('../web-dist/', import.meta.url));

export interface ChatSettings {
  /** Token for the admin page at /admin; without one the admin page is off. */
  readonly adminToken?: string;
  /** Serve Prometheus metrics at /metrics (docs/observability.md); off unless asked for. */
  readonly metrics?: boolean;
}

/** Builds the chat app; `main.ts` listens, tests inject. */
export function createChatApp(
  overrides: Partial<CreateAppOptions> = {},
  settings: ChatSettings = {},
): Promise<FastifyInstance> {
  return createApp({
    ...appOptions,
    extensions: [
      webPages(webRoot),
      ...(settings.adminToken ? [adminPanel({ token: settings.adminToken })] : []),
      ...(settings.metrics ? [metrics({ path: '/metrics' })] : []),
    ],
    ...overrides,
    websocket: { ...appOptions.websocket, ...overrides.websocket },
    docs: overrides.docs === false ? false : { ...appOptions.docs, ui: docsUi(), ...overrides.docs },
  });
}
