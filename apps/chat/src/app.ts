import 'reflect-metadata';
import { fileURLToPath } from 'node:url';
import { createApp, type CreateAppOptions } from '@halyard/core';
import { adminPanel } from '@halyard/admin';
import { docsUi } from '@halyard/docs-ui';
import { metrics } from '@halyard/metrics';
import type { FastifyInstance } from 'fastify';
import { appOptions } from './app-options.js';
import { ChatAuthConfig, developmentSecret } from './auth/chat-auth-config.js';
import { RoomStore } from './rooms/room-store.js';
import { webPages } from './web/web-pages.js';

export { appOptions };

const webRoot = fileURLToPath(new URL('../web-dist/', import.meta.url));

export interface ChatSettings {
  /** Token for the admin page at /admin; without one the admin page is off. */
  readonly adminToken?: string;
  /** Serve Prometheus metrics at /metrics (docs/observability.md); off unless asked for. */
  readonly metrics?: boolean;
  /** The key tokens are signed with (`CHAT_TOKEN_SECRET`); default: the development secret. */
  readonly tokenSecret?: string;
  /** How long a login token is valid; default 15 minutes. Tests use a couple of seconds. */
  readonly tokenTtlMs?: number;
  /** Logging in with this key makes a moderator (`CHAT_MODERATOR_KEY`); default: no moderators. */
  readonly moderatorKey?: string;
  /**
   * The rooms, when instances must share them (a test's stand-in for a database); default: this
   * app's own, in memory.
   */
  readonly rooms?: RoomStore;
}

/** `$expiring` comes 30 s before a token's expiry, or halfway through a shorter token's life. */
function expiryWarningMs(tokenTtlMs: number): number {
  return Math.min(30_000, Math.floor(tokenTtlMs / 2));
}

/** Builds the chat app; `main.ts` listens, tests inject. */
export function createChatApp(
  overrides: Partial<CreateAppOptions> = {},
  settings: ChatSettings = {},
): Promise<FastifyInstance> {
  const auth = new ChatAuthConfig({
    secret: settings.tokenSecret ?? developmentSecret,
    ...(settings.tokenTtlMs !== undefined && { tokenTtlMs: settings.tokenTtlMs }),
    ...(settings.moderatorKey !== undefined && { moderatorKey: settings.moderatorKey }),
  });
  return createApp({
    ...appOptions,
    providers: [
      ...appOptions.providers.filter(
        (provider) => provider !== RoomStore && !(typeof provider === 'object' && 'provide' in provider),
      ),
      settings.rooms ? { provide: RoomStore, useValue: settings.rooms } : RoomStore,
      { provide: ChatAuthConfig, useValue: auth },
    ],
    extensions: [
      webPages(webRoot),
      ...(settings.adminToken ? [adminPanel({ token: settings.adminToken })] : []),
      ...(settings.metrics ? [metrics({ path: '/metrics' })] : []),
    ],
    ...overrides,
    websocket: {
      ...appOptions.websocket,
      expiryWarningMs: expiryWarningMs(auth.tokenTtlMs),
      ...overrides.websocket,
    },
    docs: overrides.docs === false ? false : { ...appOptions.docs, ui: docsUi(), ...overrides.docs },
  });
}
