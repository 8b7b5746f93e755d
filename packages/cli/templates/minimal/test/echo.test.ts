import 'reflect-metadata';
import t from 'tap';
import { connectSocket } from '@halyard/core/testing';
import { buildApp } from '../src/app.js';

t.test('echo: a real WebSocket client gets its text back', async (t) => {
  const app = await buildApp({ fastify: { logger: false } });
  t.teardown(() => app.close());
  // contract: every frame is checked against the app's AsyncAPI document (ajv)
  const socket = await connectSocket(app, '/ws/echo', { contract: true });

  const reply = await socket.request('echo', { text: 'hello' });
  t.equal(reply.type, 'reply');
  t.equal(reply.to, 'echo');
  t.match(reply.data, { text: 'hello', receivedAt: /^\d{4}-\d\d-\d\dT/ });

  // invalid on purpose: offContract lets it out; the error frame that answers is still checked
  const invalid = await socket.offContract(() => socket.request('echo', { text: '' }));
  t.equal(invalid.type, 'error');
  t.equal(invalid.error?.code, 'HALYARD_ERR_VALIDATION');

  t.strictSame(await socket.close(), { code: 1000, reason: '' });
});
