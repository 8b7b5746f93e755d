import 'reflect-metadata';
import t from 'tap';
import { Validator } from '@seriousme/openapi-schema-validator';
import { matchChatPart } from './helpers/document-subset.js';
import { testChat, joinSocket } from './helpers/test-chat.js';

t.test('rooms: list, create, get, conflict, validation, delete', async (t) => {
  const app = await testChat(t);
  const list = await app.inject({ url: '/api/rooms' });
  t.same(
    list.json().map((room: { id: string }) => room.id),
    ['general', 'random'],
  );

  const created = await app.inject({
    method: 'POST',
    url: '/api/rooms',
    payload: { id: 'design', title: 'Design', topic: 'Pixels' },
  });
  t.equal(created.statusCode, 201);
  t.match(created.json(), { id: 'design', title: 'Design', topic: 'Pixels', messageCount: 0 });
  t.match(created.json().createdAt, /^\d{4}-\d\d-\d\dT/);

  const again = await app.inject({
    method: 'POST',
    url: '/api/rooms',
    payload: { id: 'design', title: 'Again' },
  });
  t.equal(again.statusCode, 409);
  t.equal(again.json().code, 'ROOM_EXISTS');

  const invalid = await app.inject({
    method: 'POST',
    url: '/api/rooms',
    payload: { id: 'No Spaces', title: '' },
  });
  t.equal(invalid.statusCode, 400);
  t.strictSame(invalid.json().errors, [
    {
      in: 'body',
      path: 'id',
      constraint: 'matches',
      message: 'id must be 2-32 lower-case letters, digits or dashes',
    },
    {
      in: 'body',
      path: 'title',
      constraint: 'isLength',
      message: 'title must be longer than or equal to 1 characters',
    },
  ]);

  t.equal((await app.inject({ url: '/api/rooms/design' })).json().title, 'Design');
  t.equal((await app.inject({ method: 'DELETE', url: '/api/rooms/design' })).statusCode, 204);
  const gone = await app.inject({ url: '/api/rooms/design' });
  t.equal(gone.statusCode, 404);
  t.equal(gone.json().detail, 'Room "design" not found');
});

t.test('messages over REST: post, history paging, query validation', async (t) => {
  const app = await testChat(t);
  const ids: string[] = [];
  for (const text of ['one', 'two', 'three']) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/rooms/general/messages',
      payload: { author: 'ann', text },
    });
    t.equal(res.statusCode, 201);
    ids.push(res.json().id);
  }
  const latest = await app.inject({ url: '/api/rooms/general/messages?limit=2' });
  t.same(
    latest.json().messages.map((message: { text: string }) => message.text),
    ['two', 'three'],
  );
  // the room socket's position, read before the messages: three pushes so far
  const { position } = latest.json() as { position: { offset: number; epoch: string } };
  t.equal(position.offset, 3);
  t.match(position.epoch, /^[A-Za-z0-9]{1,64}$/);
  const unknown = await app.inject({ url: '/api/rooms/nowhere/messages' });
  t.equal(unknown.statusCode, 404);
  t.equal(unknown.json().detail, 'Room "nowhere" not found');
  const before = await app.inject({ url: `/api/rooms/general/messages?before=${ids[1]}` });
  t.same(
    before.json().messages.map((message: { text: string }) => message.text),
    ['one'],
  );
  const bad = await app.inject({ url: '/api/rooms/general/messages?limit=0&before=nope' });
  t.equal(bad.statusCode, 400);
  t.same(
    bad
      .json()
      .errors.map((error: { path: string; constraint: string }) => `${error.path}:${error.constraint}`),
    ['limit:min', 'before:isUuid'],
  );
  // Decimal text only: ' 1e1 ' is not 10, nor '0x2' 2, nor an empty limit 0.
  for (const limit of ['%201e1%20', '0x2', '']) {
    const loose = await app.inject({ url: `/api/rooms/general/messages?limit=${limit}` });
    t.equal(loose.statusCode, 400, `limit=${limit}`);
    t.strictSame(loose.json().errors, [
      { in: 'query', path: 'limit', constraint: 'max', message: 'limit must not be greater than 200' },
      { in: 'query', path: 'limit', constraint: 'min', message: 'limit must not be less than 1' },
      { in: 'query', path: 'limit', constraint: 'isInt', message: 'limit must be an integer number' },
    ]);
  }
});

t.test('a message posted over REST reaches the room socket', async (t) => {
  const app = await testChat(t);
  const socket = await joinSocket(app, '/ws/rooms/random', 'bob');
  await socket.next((frame) => frame.type === 'message.created');
  await app.inject({
    method: 'POST',
    url: '/api/rooms/random/messages',
    payload: { author: 'rest', text: 'from http' },
  });
  const pushed = await socket.next(
    (frame) => frame.type === 'message.created' && (frame.data as { author: string }).author === 'rest',
  );
  t.match(pushed.data, { roomId: 'random', author: 'rest', text: 'from http', kind: 'user' });
  await socket.close();
});

t.test("the OpenAPI document is valid and the chat's paths match the golden document", async (t) => {
  const app = await testChat(t);
  const res = await app.inject({ url: '/docs/openapi.json' });
  const doc = res.json();
  const result = await new Validator().validate(doc);
  t.equal(result.valid, true, JSON.stringify(result.errors));
  await matchChatPart(t, doc, 'paths');
  const yaml = await app.inject({ url: '/docs/openapi.yaml' });
  t.match(yaml.body, /^openapi: 3\.1\.0/);
  t.equal((await app.inject({ url: '/docs/http/' })).statusCode, 200);
});
