import 'reflect-metadata';
import type { CreateAppOptions } from '@halyard/core';
import { ChatAuthConfig, developmentSecret } from './auth/chat-auth-config.js';
import { RoomMemberGuard } from './auth/chat-guards.js';
import { ChatTokens } from './auth/chat-tokens.js';
import { LoginController } from './auth/login-controller.js';
import { BoardSocket } from './board/board-socket.js';
import { BoardStore } from './board/board-store.js';
import { ChatSocket } from './chat/chat-socket.js';
import { RoomStore } from './rooms/room-store.js';
import { RoomsController } from './rooms/rooms-controller.js';
// halyard:imports (`halyard generate` adds its imports above this line)

/**
 * Everything the documents depend on; `halyard docs` builds them from this without starting the
 * app. The two `halyard:` markers are where `halyard generate` adds a controller in an app made
 * from this one with `halyard new --template chat`.
 */
export const appOptions = {
  controllers: [/* halyard:controllers */ LoginController, RoomsController, ChatSocket, BoardSocket],
  // `createChatApp` replaces the ChatAuthConfig with the one its settings make.
  providers: [
    RoomStore,
    BoardStore,
    ChatTokens,
    { provide: ChatAuthConfig, useValue: new ChatAuthConfig({ secret: developmentSecret }) },
  ],
  websocket: {
    // Every chat room's socket room is a stream: a page that reconnects (to any instance) gets what
    // it missed, so it loads the history over REST once (docs/delivery.md#the-hand-off).
    streams: [{ rooms: 'room:*', maxCount: 1000, maxAgeMs: 10 * 60_000 }],
    // Every join of a chat room's socket room, by any handler on any instance: private rooms
    // admit their invited members only (docs/security.md#room-policies).
    roomPolicies: [{ match: /^room:/, guards: [RoomMemberGuard] }],
  },
  docs: {
    title: 'Halyard Chat',
    version: '1.0.0',
    description: 'Rooms and messages over REST, live rooms and a shared whiteboard over WebSocket.',
  },
} satisfies CreateAppOptions;
