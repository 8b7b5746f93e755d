import 'reflect-metadata';
import t from 'tap';
import { type AsyncApiDocument } from '../src/asyncapi/asyncapi-generator.js';
import { connectSocket } from '../src/testing/index.js';
import { ChatController, GameLog, GameSocket, TokenGuard } from './fixtures/socket-controllers.js';
import { assertExamplesValid, matchingMessages, payloadValidators } from './helpers/asyncapi-validators.js';
import { doc } from './fixtures/asyncapi-sample.js';
import { createQuietApp } from './helpers/logged-app.js';

// Drift: frames a live server sends match exactly one message of their channel, wrong frames none.

const validator = payloadValidators(doc);

/** Channel message keys whose payload the frame matches; the spec wants exactly one per frame. */
function matching(document: AsyncApiDocument, channel: string, frame: unknown): string[] {
  return matchingMessages(document, validator, { channel, frame });
}

t.test('every example validates against its own payload', async (t) => {
  assertExamplesValid(t, doc);
});

t.test('drift: frames a live server sends match exactly one message of their channel', async (t) => {
  const chatApp = await createQuietApp(t, { controllers: [ChatController] });
  const chat = await connectSocket(chatApp, '/ws/chat/general');
  const channel = 'ChatController_chat';

  // what TestSocket sends, i.e. what any client sends
  t.strictSame(matching(doc, channel, { type: 'chat', id: 't1', data: { text: 'hello' } }), ['chat']);
  t.strictSame(matching(doc, channel, { id: 't2', data: { text: 'again' } }), ['chat']);
  t.strictSame(matching(doc, channel, { data: { text: 'no id' } }), ['chat']);

  const reply = await chat.request('chat', { text: 'hello' });
  t.strictSame(matching(doc, channel, reply), ['chat_reply'], 'the chat reply');
  const { timestamp: _timestamp, ...withoutTimestamp } = reply.data as Record<string, unknown>;
  t.strictSame(
    matching(doc, channel, { ...reply, data: withoutTimestamp }),
    [],
    'timestamp (@Type only) is required',
  );

  const errors = [
    await chat.request('shout', { text: 'x' }),
    await chat.request('chat', { text: '', extra: 1 }),
    await chat.request('chat'),
    await chat.request('chat', { text: 'explode' }),
    await chat.request('chat', { text: 'teapot' }),
  ];
  chat.sendRaw('{"type":"chat",');
  errors.push(await chat.next());
  chat.sendRaw(Buffer.from([1, 2, 3]), { binary: true });
  errors.push(await chat.next());
  chat.sendRaw(JSON.stringify({ type: 'chat', id: 9, payload: {} }));
  errors.push(await chat.next());
  t.strictSame(
    errors.map((frame) => frame.error?.code),
    [
      'HALYARD_ERR_WS_UNKNOWN_TYPE',
      'HALYARD_ERR_VALIDATION',
      'HALYARD_ERR_VALIDATION',
      'HALYARD_ERR_INTERNAL',
      'TEAPOT',
      'HALYARD_ERR_WS_MALFORMED_JSON',
      'HALYARD_ERR_WS_BINARY_UNSUPPORTED',
      'HALYARD_ERR_WS_BAD_ENVELOPE',
    ],
  );
  for (const frame of errors)
    t.strictSame(matching(doc, channel, frame), ['error'], `error frame ${String(frame.error?.code)}`);

  const gameApp = await createQuietApp(t, {
    controllers: [GameSocket],
    providers: [GameLog, TokenGuard],
  });
  const game = 'GameSocket';
  const ann = await connectSocket(gameApp, '/game/7', { query: { name: 'ann', token: 'a', side: 'black' } });
  const bob = await connectSocket(gameApp, '/game/7', { query: { name: 'bob', token: 'b' } });
  const frames = [
    await ann.nextPush('player.joined'),
    await ann.nextPush('presence.joined'),
    await bob.request('move', { x: 1, y: 2 }),
    await bob.request('move', { x: 9, y: 0 }),
    await bob.request('slow', { x: 0, y: 0 }),
    await ann.request('side'),
    await bob.request(undefined, {}),
  ];
  await bob.request('leave');
  frames.push(await ann.nextPush('presence.left'));
  t.strictSame(
    frames.map((frame) => matching(doc, game, frame)),
    [
      ['push_player_joined'],
      ['presence_joined'],
      ['move_reply'],
      ['error'],
      ['slow_reply'],
      ['side_reply'],
      ['error'],
      ['presence_left'],
    ],
  );
  t.strictSame(matching(doc, game, { type: 'move', id: 't1', data: { x: 1, y: 2 } }), ['move']);
  t.strictSame(matching(doc, game, { type: 'leave', id: 't8' }), ['leave']);
  ann.sendRaw('{"type":"$ping","id":"h1"}');
  ann.sendRaw('{"type":"$ping"}');
  const pongs = [
    await ann.next((frame) => frame.type === '$pong'),
    await ann.next((frame) => frame.type === '$pong'),
  ];
  t.strictSame(pongs, [{ type: '$pong', id: 'h1' }, { type: '$pong' }], 'the live server answers $ping');
  for (const pong of pongs) t.strictSame(matching(doc, game, pong), ['heartbeat_pong']);
  t.strictSame(matching(doc, game, { type: '$ping', id: 'h1' }), ['heartbeat_ping']);
  t.strictSame(
    matching(doc, channel, { type: '$ping' }),
    ['heartbeat_ping'],
    'not the optional-type chat request',
  );
  await bob.close();
  await ann.close();
  await chat.close();
});

t.test('drift: wrong frames match no message', async (t) => {
  const valid = (message: string, frame: unknown) => validator(message)(frame);
  const chatReply = 'ChatController_chat_chat_reply';
  const data = { messageId: 1, text: 'hello', room: 'general', timestamp: '2026-01-01T00:00:00.000Z' };
  t.ok(valid(chatReply, { type: 'reply', id: 't1', to: 'chat', data }), 'the right frame passes');
  t.notOk(valid(chatReply, { type: 'reply', id: 't1', to: 'move', data }), 'wrong `to`');
  t.notOk(valid(chatReply, { type: 'reply', id: 't1', data }), 'missing `to`');
  t.notOk(valid(chatReply, { type: 'reply', to: 'chat', data: { ...data, messageId: 'x' } }), 'wrong DTO');
  t.notOk(valid(chatReply, { type: 'reply', id: { n: 1 }, to: 'chat', data }), 'object id');
  t.notOk(valid(chatReply, { type: 'reply', id: 'x'.repeat(129), to: 'chat', data }), 'id too long');

  const chatRequest = 'ChatController_chat_chat';
  t.notOk(valid(chatRequest, { type: 'chat', id: 9, payload: {} }), 'unknown envelope field');
  t.notOk(valid(chatRequest, { type: 'chat', data: { text: '' } }), 'data fails the DTO');
  t.notOk(valid(chatRequest, { type: 'shout', data: { text: 'x' } }), 'another type');
  t.notOk(
    valid('GameSocket_move', { id: 't6', data: { x: 1, y: 2 } }),
    '`type` is required on multi sockets',
  );
  t.notOk(valid('GameSocket_move_reply', { type: 'reply', to: 'move', data: { status: 'maybe', turn: 1 } }));
  t.notOk(valid('GameSocket_slow_reply', { type: 'reply', to: 'slow', data: {} }), 'ack data is null');
  t.notOk(
    valid('GameSocket_push_player_joined', { type: 'player.left', data: { name: 'bob' } }),
    'other event',
  );
  t.notOk(
    valid('PresenceJoined', { type: 'presence.joined', data: { room: 'r', member: {} } }),
    'member without id',
  );
  t.notOk(valid('ErrorFrame', { type: 'error', id: 't1' }), 'error body missing');
  t.notOk(valid('ErrorFrame', { type: 'error', error: { code: 7, message: 'x' } }), 'numeric code');
  t.notOk(valid('AdminSocket_kick', { type: 'kick', data: { reason: '' } }), 'user ErrorFrame DTO applies');
});
