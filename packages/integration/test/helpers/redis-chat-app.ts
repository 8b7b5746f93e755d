import { createApp, type HalyardExtension } from '@halyard/core';
import { redisAdapter } from '@halyard/redis';
import type { Test } from 'tap';
import { ChatSocket } from './chat-socket.js';
import { REDIS_URL } from './redis-test-keys.js';

/** One instance of the chat app on the Redis adapter under `keyPrefix`; closed when the test ends. */
export async function redisChatApp(
  t: Test,
  keyPrefix: string,
  extensions: readonly HalyardExtension[],
): ReturnType<typeof createApp> {
  const app = await createApp({
    controllers: [ChatSocket],
    fastify: { logger: false },
    websocket: { adapter: redisAdapter({ url: REDIS_URL, keyPrefix }) },
    extensions,
  });
  t.teardown(() => app.close());
  return app;
}
