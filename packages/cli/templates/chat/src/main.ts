import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { redisAdapter } from '@halyard/redis';
import { createChatApp } from './app.js';

const port = Number(process.env['PORT'] ?? 3000);
const host = process.env['HOST'] ?? '127.0.0.1';

// With REDIS_URL set, run as many instances as you like behind a load balancer (node_modules/@halyard/redis/README.md).
const redisUrl = process.env['REDIS_URL'];
// ADMIN_TOKEN opens /admin; without it a random one is made for this run and logged below.
const adminToken = process.env['ADMIN_TOKEN'] ?? randomBytes(12).toString('base64url');
const app = await createChatApp(
  redisUrl
    ? {
        websocket: {
          adapter: redisAdapter({ url: redisUrl, keyPrefix: process.env['REDIS_PREFIX'] ?? 'chat' }),
        },
      }
    : {},
  { adminToken },
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    app.log.info({ signal }, 'shutting down');
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
await app.listen({ port, host });
app.log.info(
  `chat ready: http://${host}:${port}/ · docs http://${host}:${port}/docs · admin http://${host}:${port}/admin`,
);
if (!process.env['ADMIN_TOKEN'])
  app.log.info(`admin token for this run: ${adminToken} (set ADMIN_TOKEN to choose one)`);
