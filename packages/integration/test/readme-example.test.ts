import 'reflect-metadata';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import t from 'tap';
import type { createApp } from '@halyard/core';
import { connectSocket } from '@halyard/core/testing';

// The README's first TypeScript example must run as written: extract it, let it listen on port 0
// instead of 3000, and talk to it over HTTP and WebSocket.
t.test("the README's controller example works", async (t) => {
  const readme = await readFile(new URL('../../../README.md', import.meta.url), 'utf8');
  const example = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!example) throw new Error('README.md has no ```ts example');
  t.match(example, 'await app.listen({ port: 3000 });', 'the example listens on 3000');
  const runnable = `${example.replace('await app.listen({ port: 3000 });', 'await app.listen({ port: 0, host: "127.0.0.1" });')}\nexport { app };\n`;
  const folder = new URL('./.readme-example/', import.meta.url);
  await mkdir(folder, { recursive: true });
  const file = new URL('example.ts', folder);
  await writeFile(file, runnable.replace(/createApp\(\{/, 'createApp({ fastify: { logger: false },'));
  const { app } = (await import(file.href)) as { app: Awaited<ReturnType<typeof createApp>> };
  t.teardown(() => app.close());

  t.equal((await app.inject({ url: '/rooms/7' })).body, 'room 7');
  const created = await app.inject({ method: 'POST', url: '/rooms', payload: { text: 'hi' } });
  t.equal(created.statusCode, 201);
  t.same(created.json(), { text: 'hi' });
  t.equal((await app.inject({ method: 'POST', url: '/rooms', payload: { text: '' } })).statusCode, 400);
  const socket = await connectSocket(app, '/rooms/7/live');
  t.strictSame(await socket.request(undefined, { text: 'ping' }), {
    type: 'reply',
    id: 't1',
    to: 'live',
    data: { text: 'echo ping' },
  });
  await socket.close();
  t.equal(
    (await app.inject({ url: '/docs/asyncapi.json' })).json().channels.RoomsController_live.address,
    '/rooms/{id}/live',
  );
});
