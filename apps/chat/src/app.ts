import 'reflect-metadata';
import { createApp, type CreateAppOptions } from '@halyard/core';
import type { FastifyInstance } from 'fastify';
import { ChatSocket } from './chat/chat-socket.js';
import { RoomStore } from './rooms/room-store.js';
import { RoomsController } from './rooms/rooms-controller.js';

/** Builds the chat app; `main.ts` listens, tests inject. */
export function createChatApp(overrides: Partial<CreateAppOptions> = {}): Promise<FastifyInstance> {
  return createApp({
    controllers: [RoomsController, ChatSocket],
    providers: [RoomStore],
    docs: {
      title: 'Halyard Chat',
      version: '1.0.0',
      description: 'Rooms and messages over REST, live rooms over WebSocket.',
    },
    ...overrides,
  });
}
