import { connectSocket } from '@halyard/core/testing';
import type { Test } from 'tap';
import { createChatApp } from '../../src/app.js';

/** The chat app a test talks to. */
export type ChatApp = Awaited<ReturnType<typeof createChatApp>>;

/**
 * The chat with its default settings and no logger, closed when the test ends.
 *
 * @example
 * ```ts
 * const app = await testChat(t);
 * ```
 */
export async function testChat(t: Test): Promise<ChatApp> {
  const app = await createChatApp({ fastify: { logger: false } });
  t.teardown(() => app.close());
  return app;
}

/**
 * `name` connected to the socket at `path` (e.g. `/ws/rooms/general`), every frame checked
 * against the chat's AsyncAPI document.
 *
 * @example
 * ```ts
 * const ann = await joinSocket(app, '/ws/rooms/general', 'ann');
 * ```
 */
export function joinSocket(app: ChatApp, path: string, name: string): ReturnType<typeof connectSocket> {
  return connectSocket(app, path, { query: { name }, contract: true });
}
