import 'reflect-metadata';
import t from 'tap';
import { createChatApp } from '../src/app.js';

t.test(
  'metrics are served at /metrics only when the setting (METRICS=1 in main.ts) asks for them',
  async (t) => {
    const off = await createChatApp({ fastify: { logger: false } });
    t.teardown(() => off.close());
    t.equal((await off.inject('/metrics')).statusCode, 404);

    const on = await createChatApp({ fastify: { logger: false } }, { metrics: true });
    t.teardown(() => on.close());
    const response = await on.inject('/metrics');
    t.equal(response.statusCode, 200);
    // The chat's two socket routes have their series from the start.
    t.match(response.body, /^halyard_ws_connections\{route="\/ws\/rooms\/:roomId"\} 0$/m);
  },
);
