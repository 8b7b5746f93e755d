import 'reflect-metadata';
import t from 'tap';
import { Emits, Message, OnMessage, WebSocket, buildDefinition } from '../src/index.js';
import { generateAsyncApi } from '../src/asyncapi/asyncapi-generator.js';
import {
  BanDto,
  MemberBanned,
  options,
  doc,
  ref,
  messageId,
  envelopeId,
  gameSocketOperation,
  constant,
  onChannel,
  traceContext,
} from './fixtures/asyncapi-sample.js';
import {
  closedObject,
  derivedExamples,
  replyProperties,
  requestProperties,
  schema,
} from './fixtures/asyncapi-refs.js';

// AsyncAPI messages: the wire envelope around each DTO, the push namespace and the heartbeat frames.

t.test('messages: the wire envelope around each DTO, defined once in components', async (t) => {
  const messages = doc.components.messages;
  t.strictSame(messages['ChatController_chat_chat'], {
    name: 'ChatController_chat_chat',
    title: 'chat request',
    summary: 'Chat WebSocket',
    description: 'Real-time chat',
    contentType: 'application/json',
    correlationId: envelopeId,
    // single-message socket: `type` may be omitted
    payload: closedObject(requestProperties('chat', schema('ChatMessage')), ['data']),
    // no `id` and no trace context: a client picks them per request
    examples: derivedExamples({ type: 'chat', data: { text: 'example' } }),
  });
  t.strictSame(
    messages['ChatController_chat_chat_reply']?.payload,
    closedObject(replyProperties('chat', schema('ChatResponse')), ['type', 'to', 'data']),
  );
  t.strictSame(
    messages['GameSocket_move']?.payload,
    closedObject(requestProperties('move', schema('MoveDto')), ['type', 'data']),
  );
  t.strictSame(
    messages['GameSocket_leave']?.payload,
    closedObject(requestProperties('leave', {}), ['type']),
    'a handler without @Message() accepts any data, or none',
  );
  t.strictSame(
    messages['GameSocket_slow_reply']?.payload['properties'],
    replyProperties('slow', {
      description: 'Acknowledgement only: the handler answers nothing.',
      type: 'null',
    }),
  );
  t.strictSame(
    messages['GameSocket_side_reply']?.payload['properties'],
    replyProperties('side', { type: 'string' }),
  );
  t.strictSame(messages['GameSocket_push_player_joined'], {
    name: 'GameSocket_push_player_joined',
    title: 'player.joined',
    summary: 'Someone joined the game',
    contentType: 'application/json',
    payload: closedObject(
      { type: constant('player.joined'), data: ref('#/components/schemas/PlayerJoined') },
      ['type', 'data'],
    ),
    examples: derivedExamples({ type: 'player.joined', data: { name: 'example' } }),
  });
  t.strictSame(
    messages['PresenceLeft']?.payload,
    closedObject({ type: constant('presence.left'), data: ref('#/components/schemas/PresenceEvent') }, [
      'type',
      'data',
    ]),
  );
  t.strictSame(messages['ErrorFrame']?.payload, ref('#/components/schemas/ErrorFrame'));
  t.strictSame(messages['ErrorFrame']?.correlationId, envelopeId);

  const kick = messages['AdminSocket_kick'];
  t.strictSame(kick?.payload, {
    ...closedObject(requestProperties('kick', schema('ErrorFrame_2')), ['type', 'data']),
    deprecated: true,
  });
  t.strictSame(kick?.examples, [
    { name: 'spam', summary: 'Kick a spammer', payload: { type: 'kick', data: { reason: 'spam' } } },
  ]);
  t.equal(kick?.summary, 'Kick a member');
  t.equal(kick?.description, 'Use "ban" instead.');
  t.strictSame(messages['AdminSocket_push_member_banned']?.description, 'Sent to every admin.');
  t.strictSame(
    messages['AdminSocket_push_member_banned']?.examples,
    [
      { name: 'bob', payload: { type: 'member.banned', data: { member: 'bob' } } },
      { name: 'example2', payload: { type: 'member.banned', data: { member: 'eve' } } },
    ],
    '@Emits examples replace the derived one',
  );
  t.strictSame(
    messages['AdminSocket_ban_reply']?.examples,
    [
      { name: 'example', payload: { type: 'reply', to: 'ban', data: { banned: true } } },
      {
        name: 'refused',
        summary: 'The member is an admin',
        payload: { type: 'reply', to: 'ban', data: { banned: false } },
      },
    ],
    '@OnMessage examples document the reply',
  );

  t.strictSame(Object.keys(messages), [
    'AdminSocket_ban',
    'AdminSocket_ban_reply',
    'AdminSocket_kick',
    'AdminSocket_kick_reply',
    'AdminSocket_push_member_banned',
    'ChatController_chat_chat',
    'ChatController_chat_chat_reply',
    'ErrorFrame',
    'GameSocket_leave',
    'GameSocket_leave_reply',
    'GameSocket_move',
    'GameSocket_move_reply',
    'GameSocket_push_player_joined',
    'GameSocket_side',
    'GameSocket_side_reply',
    'GameSocket_slow',
    'GameSocket_slow_reply',
    'HeartbeatPing',
    'HeartbeatPong',
    'PresenceJoined',
    'PresenceLeft',
    'Reauth',
    'ReauthExpiring',
    'ReauthReply',
  ]);
  for (const [name, message] of Object.entries(messages)) {
    t.equal(message.name, name, `${name}: name`);
    t.ok(message.title && message.summary, `${name}: title and summary`);
    t.equal(message.contentType, 'application/json', `${name}: content type`);
    t.ok((message.examples ?? []).length > 0, `${name}: has examples`);
  }
});

t.test('pushes have their own namespace: a push named like a handler keeps its name', async (t) => {
  @WebSocket('/typing')
  @Emits('typing', MemberBanned)
  class TypingSocket {
    @OnMessage('typing', { reply: null }) typing(@Message() _ban: BanDto): void {}
  }
  const typing = generateAsyncApi(buildDefinition([TypingSocket]), { info: options.info });
  t.strictSame(typing.channels['TypingSocket']?.messages, {
    typing: ref('#/components/messages/TypingSocket_typing'),
    typing_reply: ref('#/components/messages/TypingSocket_typing_reply'),
    push_typing: ref('#/components/messages/TypingSocket_push_typing'),
    presence_joined: ref('#/components/messages/PresenceJoined'),
    presence_left: ref('#/components/messages/PresenceLeft'),
    heartbeat_ping: ref('#/components/messages/HeartbeatPing'),
    heartbeat_pong: ref('#/components/messages/HeartbeatPong'),
    error: ref('#/components/messages/ErrorFrame'),
  });
  t.strictSame(Object.keys(typing.operations), [
    'TypingSocket_error',
    'TypingSocket_heartbeat',
    'TypingSocket_push_presence_joined',
    'TypingSocket_push_presence_left',
    'TypingSocket_push_typing',
    'TypingSocket_typing',
  ]);
  t.strictSame(typing.operations['TypingSocket_push_typing']?.messages, [
    ref('#/channels/TypingSocket/messages/push_typing'),
  ]);
  t.equal(
    JSON.stringify(generateAsyncApi(buildDefinition([TypingSocket]), { info: options.info })),
    JSON.stringify(typing),
    'deterministic',
  );
});

t.test('heartbeat: $ping / $pong on every channel, a receive operation with its reply', async (t) => {
  t.strictSame(doc.components.messages['HeartbeatPing'], {
    name: 'HeartbeatPing',
    title: '$ping',
    summary: 'Application heartbeat: the client asks whether the connection is alive.',
    description:
      'Understood by every socket, whatever its handlers; `$`-prefixed types are reserved for the protocol. A browser cannot see WebSocket protocol pings, so clients use these to notice a dead connection.',
    contentType: 'application/json',
    correlationId: envelopeId,
    payload: closedObject({ type: constant('$ping'), id: messageId, ...traceContext }, ['type']),
    examples: [{ name: 'ping', payload: { type: '$ping', id: 'h1' } }],
  });
  t.strictSame(
    doc.components.messages['HeartbeatPong']?.payload,
    closedObject({ type: constant('$pong'), id: messageId }, ['type']),
  );
  for (const [name, channel] of Object.entries(doc.channels)) {
    t.strictSame(
      [channel.messages['heartbeat_ping'], channel.messages['heartbeat_pong']],
      [ref('#/components/messages/HeartbeatPing'), ref('#/components/messages/HeartbeatPong')],
      `${name} lists both`,
    );
  }
  t.strictSame(doc.operations['GameSocket_heartbeat'], {
    action: 'receive',
    ...onChannel('GameSocket', 'heartbeat_ping'),
    summary: 'Heartbeat: the server answers `$ping` with `$pong` at once, on every socket.',
    ...gameSocketOperation,
    reply: onChannel('GameSocket', 'heartbeat_pong'),
  });
});
