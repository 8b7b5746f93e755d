import 'reflect-metadata';
import { fileURLToPath } from 'node:url';
import { createApp, type CreateAppOptions } from '@halyard/core';
import { adminPanel } from '@halyard/admin';
import { docsUi } from '@halyard/docs-ui';
import type { FastifyInstance } from 'fastify';
import { BoardSocket } from './board/board-socket.js';
import { BoardStore } from './board/board-store.js';
import { ChatSocket } from './chat/chat-socket.js';
import { RoomStore } from './rooms/room-store.js';
import { RoomsController } from './rooms/rooms-controller.js';
import { webPages } from './web/web-pages.js';

const webRoot = fileURLToPath(new URL('../web-dist/', import.meta.url));

/** Everything the documents depend on; `halyard docs` builds them from this without starting the app. */
export const appOptions = {
  controllers: [RoomsController, ChatSocket, BoardSocket],
  providers: [RoomStore, BoardStore],
  docs: {
    title: 'Halyard Chat',
    version: '1.0.0',
    description: 'Rooms and messages over REST, live rooms and a shared whiteboard over WebSocket.',
  },
} satisfies CreateAppOptions;

export interface ChatSettings {
  /** Token for the admin page at /admin; without one the admin page is off. */
  readonly adminToken?: string;
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
    ],
    ...overrides,
    docs: overrides.docs === false ? false : { ...appOptions.docs, ui: docsUi(), ...overrides.docs },
  });
}
