import 'reflect-metadata';
import { readdir, readFile } from 'node:fs/promises';
import t from 'tap';
import { IsBoolean, IsHexColor, IsInt, IsOptional, IsString, Length, Matches, Min } from 'class-validator';
import { stringify } from 'yaml';
import {
  Body,
  Controller,
  Deprecated,
  Description,
  Emits,
  Example,
  Headers,
  Message,
  OnConnect,
  OnMessage,
  Param,
  Post,
  Summary,
  Tags,
  UseGuards,
  WebSocket,
  CloseCodes,
  buildDefinition,
  createApp,
  generateDocs,
  type Guard,
} from '../src/index.js';
import { errorTable } from '../src/errors.js';
import { generateAsyncApi, type AsyncApiDocument } from '../src/asyncapi/asyncapi-generator.js';
import { connectSocket } from '../src/testing/index.js';
import { TraceHeaders } from './fixtures/room-dtos.js';
import { ChatController, GameLog, GameSocket, TokenGuard } from './fixtures/socket-controllers.js';
import {
  assertExamplesValid,
  assertValidAsyncApi,
  matchingMessages,
  parserDiagnostics,
  payloadValidators,
  validateWithSpec,
} from './helpers/asyncapi-validators.js';
import { servedSchema } from './helpers/served-schema.js';

/** A user DTO named like a protocol component: it must get a suffix, never replace `ErrorFrame`. */
class ErrorFrame {
  @IsString() @Length(1, 100) reason!: string;
}
class BanDto {
  @IsString() member!: string;
  @IsOptional() @IsInt() @Min(1) days?: number;
}
class BanResult {
  @IsBoolean() banned!: boolean;
}
class MemberBanned {
  @IsString() member!: string;
}

class BearerGuard implements Guard {
  static security = {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'Admin token',
  } as const;
  canActivate(): boolean {
    return true;
  }
}

@WebSocket('/admin/:tenant', { maxPayload: 2048 })
@UseGuards(BearerGuard)
@Tags('admin')
@Summary('Moderation socket')
class AdminSocket {
  @OnConnect() hello(@Headers() _headers: TraceHeaders, @Param('tenant') _tenant: number): void {}

  @OnMessage('kick', { reply: null })
  @Deprecated()
  @Summary('Kick a member')
  @Description('Use "ban" instead.')
  @Tags('moderation')
  @Example({ reason: 'spam' }, { name: 'spam', summary: 'Kick a spammer' })
  kick(@Message() _kick: ErrorFrame): void {}

  @OnMessage('ban', {
    reply: BanResult,
    example: { banned: true },
    examples: [{ value: { banned: false }, name: 'refused', summary: 'The member is an admin' }],
  })
  @Emits('member.banned', MemberBanned, {
    summary: 'A member was banned',
    description: 'Sent to every admin.',
    examples: [{ value: { member: 'bob' }, name: 'bob' }, { value: { member: 'eve' } }],
  })
  ban(@Message() _ban: BanDto): BanResult {
    return { banned: true };
  }
}

const options = {
  info: { title: 'Halyard test', version: '1.0.0', description: 'WebSocket API' },
  servers: [{ name: 'local', host: '127.0.0.1:3000', protocol: 'ws' as const }],
  limits: { maxPayload: 4096, rateLimit: false as const },
};
const doc = generateAsyncApi(buildDefinition([ChatController, GameSocket, AdminSocket]), options);

const ref = ($ref: string) => ({ $ref });
const messageId = ref('#/components/schemas/MessageId');
const envelopeId = ref('#/components/correlationIds/envelopeId');
const constant = (value: string) => ({ type: 'string', const: value });
/** The optional W3C trace context every client → server envelope may carry. */
const traceContext = {
  traceparent: ref('#/components/schemas/TraceParent'),
  tracestate: ref('#/components/schemas/TraceState'),
};
/** Every exported `CloseCodes` value, documented on every channel. */
const baseCloseCodes = {
  '1000': 'Normal closure: `conn.close()` or `hub.disconnect(id)` without a code.',
  '1001':
    'The server is shutting down with `restartWindowMs: 0` (`Server shutting down`); reconnect later or elsewhere.',
  '1002':
    'Protocol error: the client broke the WebSocket framing (`ws` detects it; Halyard logs `HALYARD_ERR_WS_PROTOCOL`). Fix the client.',
  '1008':
    'Policy violation: `closeAfter` rate-limited messages within `windowMs` (`Rate limit exceeded`), or too many frames or bytes sent before `@OnConnect` finished (`Too many messages before the connection was ready`); do not reconnect automatically.',
  '1009': 'A frame exceeded `maxPayload` (`Message too big`).',
  '1011': '`@OnConnect` failed unexpectedly, or the close code asked for cannot be sent.',
  '1012':
    'Service restart: `app.close()` ran (`Service Restart; reconnect within <ms> ms`); reconnect, to any instance, after a uniformly random delay within that window, then resume.',
  '1013': 'Slow consumer: the send buffer exceeded `sendHighWaterMark` (`Slow consumer`).',
};
/** What only a channel with upgrade guards adds: the live re-authentication and expiry close. */
const guardedCloseCodes = {
  '1011':
    '`@OnConnect` failed unexpectedly, or the close code asked for cannot be sent. On `$auth`: an upgrade guard threw something other than an `HttpError`.',
  '4401':
    'The identity expired and no `$auth` frame replaced it (`Credential expired`), or the upgrade guards refused a `$auth` credential.',
  '4403':
    '`$auth` refused: an upgrade guard returned `false` for the new credential (`Access denied by <Guard>`).',
};
const guardedChannels = new Set(['AdminSocket', 'GameSocket']);

t.test('document head: info, content type, servers', async (t) => {
  t.equal(doc.asyncapi, '3.0.0');
  t.strictSame(doc.info, { title: 'Halyard test', version: '1.0.0', description: 'WebSocket API' });
  t.equal(doc.defaultContentType, 'application/json');
  t.strictSame(doc.servers, { local: { host: '127.0.0.1:3000', protocol: 'ws' } });
  t.strictSame(Object.keys(doc.channels), ['AdminSocket', 'ChatController_chat', 'GameSocket']);
  t.strictSame(doc.components.correlationIds, {
    envelopeId: {
      description:
        'The `id` a client puts on a request; the reply or error frame answering it carries the same value.',
      location: '$message.payload#/id',
    },
  });
});

t.test('channels: address, parameters, ws binding, tags and resolved limits', async (t) => {
  t.strictSame(doc.channels['ChatController_chat'], {
    address: '/ws/chat/{room}',
    title: 'ChatController.chat',
    summary: 'Chat WebSocket',
    description: 'Real-time chat',
    messages: {
      chat: ref('#/components/messages/ChatController_chat_chat'),
      chat_reply: ref('#/components/messages/ChatController_chat_chat_reply'),
      presence_joined: ref('#/components/messages/PresenceJoined'),
      presence_left: ref('#/components/messages/PresenceLeft'),
      heartbeat_ping: ref('#/components/messages/HeartbeatPing'),
      heartbeat_pong: ref('#/components/messages/HeartbeatPong'),
      error: ref('#/components/messages/ErrorFrame'),
    },
    parameters: { room: { description: 'The `room` segment of the connection URL: string.' } },
    tags: [{ name: 'chat' }],
    bindings: { ws: { method: 'GET', bindingVersion: '0.1.0' } },
    'x-halyard-limits': {
      maxPayload: 4096,
      maxConnections: 10_000,
      rateLimit: false,
      sendHighWaterMark: 1024 * 1024,
      slowConsumer: 'close',
      refuseWith: 'http',
      heartbeat: { intervalMs: 30_000 },
    },
    'x-halyard-close-codes': baseCloseCodes,
  });

  const game = doc.channels['GameSocket'];
  t.equal(game?.address, '/game/{roomId}');
  t.strictSame(Object.keys(game?.messages ?? {}), [
    'leave',
    'leave_reply',
    'move',
    'move_reply',
    'side',
    'side_reply',
    'slow',
    'slow_reply',
    'push_player_joined',
    'presence_joined',
    'presence_left',
    'heartbeat_ping',
    'heartbeat_pong',
    'auth',
    'auth_reply',
    'auth_expiring',
    'error',
  ]);
  t.strictSame(game?.parameters, {
    roomId: { description: 'The `roomId` segment of the connection URL: string.' },
  });
  // The guard's `token` is taken out of the query before GameQuery validates it, so it is listed too.
  t.strictSame(game?.bindings, {
    ws: {
      method: 'GET',
      query: {
        title: 'GameQuery',
        type: 'object',
        properties: {
          name: { type: 'string', minLength: 2, maxLength: 20 },
          side: { type: 'string', enum: ['white', 'black'] },
          token: { description: 'Credential read by TokenGuard.', type: 'string' },
        },
        required: ['name', 'token'],
        additionalProperties: false,
      },
      bindingVersion: '0.1.0',
    },
  });
  t.strictSame(game?.['x-halyard-limits'].rateLimit, {
    perSecond: 5,
    burst: 10,
    closeAfter: 3,
    windowMs: 10_000,
  });
  t.equal(game?.['x-halyard-limits'].maxPayload, 4096);

  const admin = doc.channels['AdminSocket'];
  t.equal(admin?.summary, 'Moderation socket');
  t.strictSame(admin?.parameters, {
    tenant: { description: 'The `tenant` segment of the connection URL: number.' },
  });
  // Undeclared headers are stripped, never rejected: no additionalProperties.
  t.strictSame(admin?.bindings, {
    ws: {
      method: 'GET',
      headers: {
        title: 'TraceHeaders',
        type: 'object',
        properties: { 'x-trace-id': { type: 'string', minLength: 4, maxLength: 64 } },
        required: ['x-trace-id'],
      },
      bindingVersion: '0.1.0',
    },
  });
  t.equal(admin?.['x-halyard-limits'].maxPayload, 2048, 'the route overrides the app-wide value');
  t.equal(admin?.['x-halyard-limits'].rateLimit, false);
});

t.test('close codes: CloseCodes everywhere, upgrade refusals with refuseWith close', async (t) => {
  t.strictSame(
    Object.keys(baseCloseCodes).map(Number),
    Object.values(CloseCodes)
      .filter((code) => code !== CloseCodes.UNAUTHORIZED)
      .sort((a, b) => a - b),
    'the table covers exactly the exported CloseCodes (4401: guarded channels only)',
  );
  for (const channel of Object.values(doc.channels))
    t.strictSame(
      channel['x-halyard-close-codes'],
      guardedChannels.has(channel.title ?? '') ? { ...baseCloseCodes, ...guardedCloseCodes } : baseCloseCodes,
      `${channel.title}: refuseWith http`,
    );

  @WebSocket('/open', { refuseWith: 'close', allowedOrigins: ['*'] })
  class OpenSocket {
    @OnMessage('ping', { reply: null }) ping(): void {}
  }
  const closing = generateAsyncApi(buildDefinition([AdminSocket, OpenSocket]), {
    info: options.info,
    limits: { refuseWith: 'close' },
  });
  t.equal(closing.channels['AdminSocket']?.['x-halyard-limits'].refuseWith, 'close');
  t.strictSame(closing.channels['AdminSocket']?.['x-halyard-close-codes'], {
    ...baseCloseCodes,
    '4400': 'Upgrade refused (HTTP 400): the path, query or headers of the upgrade failed validation.',
    '1011': guardedCloseCodes['1011'],
    '4401': `Upgrade refused (HTTP 401): a guard requires credentials. Later: ${guardedCloseCodes['4401']}`,
    '4403': `Upgrade refused (HTTP 403): a guard denied access, or the \`Origin\` is not allowed. Later: ${guardedCloseCodes['4403']}`,
  });
  t.strictSame(
    closing.channels['OpenSocket']?.['x-halyard-close-codes'],
    baseCloseCodes,
    'no guard, any origin, nothing to validate: no refusal is a close (capacity is always HTTP 503)',
  );

  @WebSocket('/rooms/:id', { refuseWith: 'close', allowedOrigins: ['*'] })
  class UntypedRoomSocket {
    @OnMessage('ping', { reply: null }) ping(): void {}
  }
  const untyped = generateAsyncApi(buildDefinition([UntypedRoomSocket]), {
    info: options.info,
    limits: { refuseWith: 'close' },
  });
  t.strictSame(Object.keys(untyped.channels['UntypedRoomSocket']?.parameters ?? {}), ['id']);
  t.strictSame(
    untyped.channels['UntypedRoomSocket']?.['x-halyard-close-codes'],
    baseCloseCodes,
    'an untyped path parameter is documented but never validated: no 4400',
  );
  t.strictSame(await validateWithSpec(closing), []);
  t.strictSame(await parserDiagnostics(closing, 0), []);
});

t.test('messages: the wire envelope around each DTO, defined once in components', async (t) => {
  const messages = doc.components.messages;
  t.strictSame(messages['ChatController_chat_chat'], {
    name: 'ChatController_chat_chat',
    title: 'chat request',
    summary: 'Chat WebSocket',
    description: 'Real-time chat',
    contentType: 'application/json',
    correlationId: envelopeId,
    payload: {
      type: 'object',
      // single-message socket: `type` may be omitted
      properties: {
        type: constant('chat'),
        id: messageId,
        data: ref('#/components/schemas/ChatMessage'),
        ...traceContext,
      },
      required: ['data'],
      additionalProperties: false,
    },
    examples: [
      {
        name: 'derived',
        summary: 'Built from the payload schema',
        // no `id` and no trace context: a client picks them per request
        payload: { type: 'chat', data: { text: 'example' } },
      },
    ],
  });
  t.strictSame(messages['ChatController_chat_chat_reply']?.payload, {
    type: 'object',
    properties: {
      type: constant('reply'),
      id: messageId,
      to: constant('chat'),
      data: ref('#/components/schemas/ChatResponse'),
    },
    required: ['type', 'to', 'data'],
    additionalProperties: false,
  });
  t.strictSame(messages['GameSocket_move']?.payload, {
    type: 'object',
    properties: {
      type: constant('move'),
      id: messageId,
      data: ref('#/components/schemas/MoveDto'),
      ...traceContext,
    },
    required: ['type', 'data'],
    additionalProperties: false,
  });
  t.strictSame(
    messages['GameSocket_leave']?.payload,
    {
      type: 'object',
      properties: { type: constant('leave'), id: messageId, data: {}, ...traceContext },
      required: ['type'],
      additionalProperties: false,
    },
    'a handler without @Message() accepts any data, or none',
  );
  t.strictSame(messages['GameSocket_slow_reply']?.payload['properties'], {
    type: constant('reply'),
    id: messageId,
    to: constant('slow'),
    data: { description: 'Acknowledgement only: the handler answers nothing.', type: 'null' },
  });
  t.strictSame(messages['GameSocket_side_reply']?.payload['properties'], {
    type: constant('reply'),
    id: messageId,
    to: constant('side'),
    data: { type: 'string' },
  });
  t.strictSame(messages['GameSocket_push_player_joined'], {
    name: 'GameSocket_push_player_joined',
    title: 'player.joined',
    summary: 'Someone joined the game',
    contentType: 'application/json',
    payload: {
      type: 'object',
      properties: { type: constant('player.joined'), data: ref('#/components/schemas/PlayerJoined') },
      required: ['type', 'data'],
      additionalProperties: false,
    },
    examples: [
      {
        name: 'derived',
        summary: 'Built from the payload schema',
        payload: { type: 'player.joined', data: { name: 'example' } },
      },
    ],
  });
  t.strictSame(messages['PresenceLeft']?.payload, {
    type: 'object',
    properties: { type: constant('presence.left'), data: ref('#/components/schemas/PresenceEvent') },
    required: ['type', 'data'],
    additionalProperties: false,
  });
  t.strictSame(messages['ErrorFrame']?.payload, ref('#/components/schemas/ErrorFrame'));
  t.strictSame(messages['ErrorFrame']?.correlationId, envelopeId);

  const kick = messages['AdminSocket_kick'];
  t.strictSame(kick?.payload, {
    type: 'object',
    properties: {
      type: constant('kick'),
      id: messageId,
      data: ref('#/components/schemas/ErrorFrame_2'),
      ...traceContext,
    },
    required: ['type', 'data'],
    additionalProperties: false,
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
    payload: {
      type: 'object',
      properties: { type: constant('$ping'), id: messageId, ...traceContext },
      required: ['type'],
      additionalProperties: false,
    },
    examples: [{ name: 'ping', payload: { type: '$ping', id: 'h1' } }],
  });
  t.strictSame(doc.components.messages['HeartbeatPong']?.payload, {
    type: 'object',
    properties: { type: constant('$pong'), id: messageId },
    required: ['type'],
    additionalProperties: false,
  });
  for (const [name, channel] of Object.entries(doc.channels)) {
    t.strictSame(
      [channel.messages['heartbeat_ping'], channel.messages['heartbeat_pong']],
      [ref('#/components/messages/HeartbeatPing'), ref('#/components/messages/HeartbeatPong')],
      `${name} lists both`,
    );
  }
  t.strictSame(doc.operations['GameSocket_heartbeat'], {
    action: 'receive',
    channel: ref('#/channels/GameSocket'),
    summary: 'Heartbeat: the server answers `$ping` with `$pong` at once, on every socket.',
    security: [ref('#/components/securitySchemes/TokenGuard')],
    tags: [{ name: 'game' }],
    messages: [ref('#/channels/GameSocket/messages/heartbeat_ping')],
    reply: {
      channel: ref('#/channels/GameSocket'),
      messages: [ref('#/channels/GameSocket/messages/heartbeat_pong')],
    },
  });
});

t.test('operations: receive with reply, send per push and for errors, security, deprecation', async (t) => {
  t.strictSame(doc.operations['GameSocket_move'], {
    action: 'receive',
    channel: ref('#/channels/GameSocket'),
    summary: 'Move a piece',
    security: [ref('#/components/securitySchemes/TokenGuard')],
    tags: [{ name: 'game' }],
    messages: [ref('#/channels/GameSocket/messages/move')],
    reply: {
      channel: ref('#/channels/GameSocket'),
      messages: [ref('#/channels/GameSocket/messages/move_reply')],
    },
  });
  t.strictSame(doc.operations['ChatController_chat_chat'], {
    action: 'receive',
    channel: ref('#/channels/ChatController_chat'),
    summary: 'Chat WebSocket',
    description: 'Real-time chat',
    tags: [{ name: 'chat' }],
    messages: [ref('#/channels/ChatController_chat/messages/chat')],
    reply: {
      channel: ref('#/channels/ChatController_chat'),
      messages: [ref('#/channels/ChatController_chat/messages/chat_reply')],
    },
  });
  t.strictSame(doc.operations['GameSocket_push_player.joined'], undefined);
  t.strictSame(doc.operations['GameSocket_push_player_joined'], {
    action: 'send',
    channel: ref('#/channels/GameSocket'),
    summary: 'Someone joined the game',
    security: [ref('#/components/securitySchemes/TokenGuard')],
    tags: [{ name: 'game' }],
    messages: [ref('#/channels/GameSocket/messages/push_player_joined')],
  });
  t.strictSame(doc.operations['ChatController_chat_error'], {
    action: 'send',
    channel: ref('#/channels/ChatController_chat'),
    summary: 'The server answers a rejected or failed message with an error frame.',
    tags: [{ name: 'chat' }],
    messages: [ref('#/channels/ChatController_chat/messages/error')],
  });
  t.strictSame(doc.operations['AdminSocket_kick'], {
    action: 'receive',
    channel: ref('#/channels/AdminSocket'),
    summary: 'Kick a member',
    description: 'Use "ban" instead.',
    security: [ref('#/components/securitySchemes/BearerGuard')],
    tags: [{ name: 'admin' }, { name: 'moderation' }],
    messages: [ref('#/channels/AdminSocket/messages/kick')],
    reply: {
      channel: ref('#/channels/AdminSocket'),
      messages: [ref('#/channels/AdminSocket/messages/kick_reply')],
    },
    'x-deprecated': true,
  });
  t.strictSame(Object.keys(doc.operations), [
    'AdminSocket_auth',
    'AdminSocket_auth_expiring',
    'AdminSocket_ban',
    'AdminSocket_error',
    'AdminSocket_heartbeat',
    'AdminSocket_kick',
    'AdminSocket_push_member_banned',
    'AdminSocket_push_presence_joined',
    'AdminSocket_push_presence_left',
    'ChatController_chat_chat',
    'ChatController_chat_error',
    'ChatController_chat_heartbeat',
    'ChatController_chat_push_presence_joined',
    'ChatController_chat_push_presence_left',
    'GameSocket_auth',
    'GameSocket_auth_expiring',
    'GameSocket_error',
    'GameSocket_heartbeat',
    'GameSocket_leave',
    'GameSocket_move',
    'GameSocket_push_player_joined',
    'GameSocket_push_presence_joined',
    'GameSocket_push_presence_left',
    'GameSocket_side',
    'GameSocket_slow',
  ]);
  t.strictSame(doc.components.securitySchemes, {
    BearerGuard: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Admin token' },
    TokenGuard: { type: 'httpApiKey', name: 'token', in: 'query' },
  });
});

t.test(
  'class-level @Deprecated: the channel and every operation on it; guard headers in the binding',
  async (t) => {
    class HeaderKeyGuard implements Guard {
      static security = { type: 'apiKey', in: 'header', name: 'X-Api-Key' } as const;
      canActivate(): boolean {
        return true;
      }
    }
    class Flag {
      @IsBoolean() on!: boolean;
    }
    @WebSocket('/legacy')
    @Deprecated()
    @UseGuards(HeaderKeyGuard)
    @Emits('flag.changed', Flag)
    class LegacySocket {
      @OnMessage('toggle', { reply: Flag }) toggle(@Message() flag: Flag): Flag {
        return flag;
      }
    }
    const legacy = generateAsyncApi(buildDefinition([LegacySocket]), { info: options.info });
    t.equal(legacy.channels['LegacySocket']?.['x-deprecated'], true, 'the channel');
    t.strictSame(
      Object.entries(legacy.operations).map(([id, operation]) => [id, operation['x-deprecated']]),
      [
        ['LegacySocket_auth', true],
        ['LegacySocket_auth_expiring', true],
        ['LegacySocket_error', true],
        ['LegacySocket_heartbeat', true],
        ['LegacySocket_push_flag_changed', true],
        ['LegacySocket_push_presence_joined', true],
        ['LegacySocket_push_presence_left', true],
        ['LegacySocket_toggle', true],
      ],
      'every operation',
    );
    t.equal(
      legacy.components.messages['LegacySocket_toggle']?.payload['deprecated'],
      true,
      'the request payload too',
    );
    t.strictSame(legacy.channels['LegacySocket']?.bindings, {
      ws: {
        method: 'GET',
        headers: {
          type: 'object',
          properties: { 'x-api-key': { description: 'Credential read by HeaderKeyGuard.', type: 'string' } },
          required: ['x-api-key'],
        },
        bindingVersion: '0.1.0',
      },
    });
    t.strictSame(legacy.components.securitySchemes, {
      HeaderKeyGuard: { type: 'httpApiKey', name: 'X-Api-Key', in: 'header' },
    });
    t.notOk('x-deprecated' in (doc.operations['GameSocket_move'] ?? {}), 'other sockets are untouched');
    t.strictSame(await validateWithSpec(legacy), []);
    t.strictSame(await parserDiagnostics(legacy, 0), []);
  },
);

t.test('schemas: the registry components plus the protocol, DTO names never clash', async (t) => {
  const schemas = doc.components.schemas;
  t.strictSame(Object.keys(schemas), [
    'BanDto',
    'BanResult',
    'ChatMessage',
    'ChatResponse',
    'ErrorBody',
    'ErrorCode',
    'ErrorFrame',
    'ErrorFrame_2',
    'MemberBanned',
    'MessageId',
    'MoveDto',
    'MoveResult',
    'PlayerJoined',
    'PresenceEvent',
    'TraceParent',
    'TraceState',
  ]);
  t.equal(schemas['ErrorFrame_2']?.['title'], 'ErrorFrame', 'the user DTO keeps its title');
  t.strictSame(schemas['ErrorFrame']?.['properties'], {
    type: constant('error'),
    id: messageId,
    error: ref('#/components/schemas/ErrorBody'),
  });
  t.strictSame(schemas['ErrorFrame']?.['required'], ['type', 'error']);
  t.strictSame(schemas['MessageId']?.['anyOf'], [{ type: 'string', maxLength: 128 }, { type: 'number' }]);
  const codes = (schemas['ErrorCode']?.['anyOf'] as Array<{ enum?: string[] }>)[0]?.enum;
  t.ok(codes?.includes('HALYARD_ERR_WS_UNKNOWN_TYPE') && codes.includes('HALYARD_ERR_WS_RATE_LIMITED'));
  for (const code of codes ?? [])
    t.match(schemas['ErrorCode']?.['description'], `\`${code}\``, `${code} is described`);
});

t.test('ErrorCode: every code Halyard can put in an error frame, taken from errorTable', async (t) => {
  const errorCode = doc.components.schemas['ErrorCode'];
  const codes = (errorCode?.['anyOf'] as Array<{ enum?: string[] }>)[0]?.enum ?? [];
  t.strictSame(
    codes,
    Object.entries(errorTable).flatMap(([code, entry]) => ('frame' in entry ? [code] : [])),
    'the enum is exactly the codes errorTable marks `frame`',
  );
  // Codes the WebSocket runtime sends itself (sendError / errorFrame calls), plus those of the
  // HttpError classes a handler may throw: each one must be in the enum.
  const wsDir = new URL('../src/ws/', import.meta.url);
  const sent = new Set<string>();
  for (const file of await readdir(wsDir)) {
    const source = await readFile(new URL(file, wsDir), 'utf8');
    for (const call of source.matchAll(/(?:sendError|errorFrame)\(([^;]*?)\)/gs))
      for (const [code] of (call[1] ?? '').matchAll(/HALYARD_ERR_[A-Z_]+/g)) sent.add(code);
  }
  const httpErrors = await readFile(new URL('../src/http/http-error.ts', import.meta.url), 'utf8');
  for (const [, code] of httpErrors.matchAll(/code: '(HALYARD_ERR_[A-Z_]+)'/g)) sent.add(code ?? '');
  t.ok(sent.has('HALYARD_ERR_WS_UNKNOWN_TYPE') && sent.has('HALYARD_ERR_NOT_FOUND'), 'the scan finds codes');
  t.strictSame(
    [...sent].filter((code) => !codes.includes(code)),
    [],
    'no code reaches a client without being documented',
  );
});

t.test('ids, determinism and no shared objects', async (t) => {
  const idPattern = /^[A-Za-z0-9_-]+$/;
  const ids = [
    ...Object.keys(doc.channels),
    ...Object.values(doc.channels).flatMap((channel) => Object.keys(channel.messages)),
    ...Object.keys(doc.operations),
    ...Object.keys(doc.components.messages),
    ...Object.keys(doc.components.schemas),
    ...Object.keys(doc.components.securitySchemes ?? {}),
  ];
  t.strictSame(
    ids.filter((id) => !idPattern.test(id)),
    [],
  );

  const reversed = generateAsyncApi(buildDefinition([AdminSocket, GameSocket, ChatController]), options);
  t.equal(JSON.stringify(reversed), JSON.stringify(doc), 'controller order does not matter');

  const seen = new Set<object>();
  const shared: string[] = [];
  const walk = (value: unknown, path: string): void => {
    if (typeof value !== 'object' || value === null) return;
    if (seen.has(value)) shared.push(path);
    seen.add(value);
    for (const [key, child] of Object.entries(value)) walk(child, `${path}/${key}`);
  };
  walk(doc, '#');
  t.strictSame(shared, [], 'every object appears once');
  t.notMatch(stringify(doc), /(^|\s)[&*]a\d+\b/m, 'YAML has no anchors or aliases');
});

t.test('the document is valid AsyncAPI 3.0.0 for the spec schema and the parser', async (t) => {
  await assertValidAsyncApi(t, doc);

  const broken = structuredClone(doc) as unknown as { operations: Record<string, Record<string, unknown>> };
  const move = broken.operations['GameSocket_move'];
  if (move) move['action'] = 'publish';
  t.not((await validateWithSpec(broken)).length, 0, 'the spec schema rejects a broken copy');
  t.not((await parserDiagnostics(broken, 0)).length, 0, 'the parser rejects a broken copy');
});

const validator = payloadValidators(doc);

/** Channel message keys whose payload the frame matches; the spec wants exactly one per frame. */
function matching(document: AsyncApiDocument, channel: string, frame: unknown): string[] {
  return matchingMessages(document, validator, { channel, frame });
}

t.test('every example validates against its own payload', async (t) => {
  assertExamplesValid(t, doc);
});

t.test('drift: frames a live server sends match exactly one message of their channel', async (t) => {
  const chatApp = await createApp({ controllers: [ChatController], fastify: { logger: false } });
  t.teardown(() => chatApp.close());
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

  const gameApp = await createApp({
    controllers: [GameSocket],
    providers: [GameLog, TokenGuard],
    fastify: { logger: false },
  });
  t.teardown(() => gameApp.close());
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

t.test('no derived example where a valid value cannot be promised', async (t) => {
  class Code {
    @Matches(/^[A-Z]{3}-\d{4}$/) code!: string;
  }
  @WebSocket('/codes')
  class CodeSocket {
    @OnMessage('check', { reply: null }) check(@Message() _code: Code): void {}
  }
  const codes = generateAsyncApi(buildDefinition([CodeSocket]), { info: options.info });
  t.notOk('examples' in (codes.components.messages['CodeSocket_check'] ?? {}), 'a pattern: no example');
  t.strictSame(codes.components.messages['CodeSocket_check_reply']?.examples, [
    {
      name: 'derived',
      summary: 'Built from the payload schema',
      payload: { type: 'reply', id: 'example', to: 'check', data: null },
    },
  ]);
  t.strictSame(await validateWithSpec(codes), []);
});

t.test('a derived example for a pattern Halyard writes itself passes the runtime validator', async (t) => {
  class Paint {
    @IsHexColor() color!: string;
  }
  @WebSocket('/paint')
  class PaintSocket {
    @OnMessage('paint', { reply: null }) paint(@Message() _paint: Paint): void {}
  }
  const doc = generateAsyncApi(buildDefinition([PaintSocket]), { info: options.info });
  const example = doc.components.messages['PaintSocket_paint']?.examples?.[0];
  t.strictSame(example?.payload, { type: 'paint', data: { color: '#3366ff' } });
  // The same example sent to a live server is accepted: answered with a null reply, not an error.
  const app = await createApp({ controllers: [PaintSocket], fastify: { logger: false } });
  t.teardown(() => app.close());
  const socket = await connectSocket(app, '/paint');
  t.teardown(() => socket.close());
  const reply = await socket.request('paint', (example?.payload as { data: unknown }).data);
  t.strictSame(reply, { type: 'reply', id: 't1', to: 'paint', data: null });
  const wrong = await socket.request('paint', { color: 'example' });
  t.match(
    wrong,
    { type: 'error', id: 't2', error: { code: 'HALYARD_ERR_VALIDATION' } },
    'a made-up one is not',
  );
});

t.test('examples are checked at boot against the DTO they document', async (t) => {
  class Note {
    @IsString() @Length(1, 10) text!: string;
  }
  class NoteSaved {
    @IsInt() @Min(1) id!: number;
  }
  const boot = (controller: new () => unknown) =>
    createApp({ controllers: [controller], fastify: { logger: false } });
  /** The boot error's code and whole message (t.rejects would only match a part of it). */
  const bootError = (controller: new () => unknown) =>
    boot(controller).then(
      async (app) => {
        await app.close();
        return { code: 'booted', message: '' };
      },
      (error: { code: string; message: string }) => ({ code: error.code, message: error.message }),
    );

  @WebSocket('/notes-a')
  class BadRequestExample {
    @OnMessage('save', { reply: NoteSaved })
    @Example({ text: '' }, { name: 'empty' })
    save(@Message() _note: Note): NoteSaved {
      return { id: 1 };
    }
  }
  t.strictSame(await bootError(BadRequestExample), {
    code: 'HALYARD_ERR_EXAMPLE_INVALID',
    message:
      'HALYARD_ERR_EXAMPLE_INVALID: BadRequestExample.save: @Example "empty" does not match Note: text: text must be longer than or equal to 1 characters',
  });

  @WebSocket('/notes-b')
  class BadReplyExample {
    @OnMessage('save', {
      reply: NoteSaved,
      examples: [{ value: { id: 1 } }, { value: { id: 0, extra: true } }],
    })
    save(@Message() _note: Note): NoteSaved {
      return { id: 1 };
    }
  }
  t.strictSame(await bootError(BadReplyExample), {
    code: 'HALYARD_ERR_EXAMPLE_INVALID',
    message:
      'HALYARD_ERR_EXAMPLE_INVALID: BadReplyExample.save: @OnMessage(\'save\') reply example "#2" does not match NoteSaved: extra: property extra should not exist; id: id must not be less than 1',
  });

  @WebSocket('/notes-c')
  @Emits('note.saved', NoteSaved, { example: { id: 'one' } })
  class BadPushExample {
    @OnMessage('save', { reply: null }) save(@Message() _note: Note): void {}
  }
  t.strictSame(await bootError(BadPushExample), {
    code: 'HALYARD_ERR_EXAMPLE_INVALID',
    message:
      'HALYARD_ERR_EXAMPLE_INVALID: BadPushExample: @Emits(\'note.saved\') example "example" does not match NoteSaved: id: id must not be less than 1; id: id must be an integer number',
  });

  @Controller('/notes')
  class BadBodyExample {
    @Post()
    @Example({ text: 'x'.repeat(11) }, { name: 'long' })
    create(@Body() _note: Note): void {}
  }
  t.strictSame(await bootError(BadBodyExample), {
    code: 'HALYARD_ERR_EXAMPLE_INVALID',
    message:
      'HALYARD_ERR_EXAMPLE_INVALID: BadBodyExample.create: @Example "long" does not match Note: text: text must be shorter than or equal to 10 characters',
  });

  @WebSocket('/notes-d')
  @Emits('note.saved', NoteSaved, { example: { id: 2 } })
  class GoodExamples {
    @OnMessage('save', { reply: NoteSaved, example: { id: 1 } })
    @Example({ text: 'hi' })
    save(@Message() _note: Note): NoteSaved {
      return { id: 1 };
    }
  }
  const app = await boot(GoodExamples);
  t.strictSame(app.halyard.asyncapi.components.messages['GoodExamples_push_note_saved']?.examples, [
    { name: 'example', payload: { type: 'note.saved', data: { id: 2 } } },
  ]);
  await app.close();
});

t.test('server options are checked', async (t) => {
  const definition = buildDefinition([ChatController]);
  const attempt = (name: string) => () =>
    generateAsyncApi(definition, {
      info: options.info,
      servers: [
        { name: 'local', host: 'a:1', protocol: 'ws' },
        { name, host: 'b:1', protocol: 'wss' },
      ],
    });
  t.throws(attempt('prod eu'), {
    code: 'HALYARD_ERR_OPTIONS_INVALID',
    message:
      'HALYARD_ERR_OPTIONS_INVALID: createApp options: AsyncAPI server "prod eu" needs a name of letters, digits, "_" and "-" (/^[A-Za-z0-9_-]+$/)',
  });
  t.throws(attempt('local'), {
    code: 'HALYARD_ERR_OPTIONS_INVALID',
    message: 'HALYARD_ERR_OPTIONS_INVALID: createApp options: AsyncAPI server "local" is listed twice',
  });
  const none = generateAsyncApi(definition, { info: options.info });
  t.notOk('servers' in none, 'no servers unless given');
});

t.test('payload schemas follow the validation settings, as the OpenAPI ones do', async (t) => {
  class LooseNote {
    @IsString() text!: string;
  }
  @WebSocket('/loose')
  class LooseSocket {
    @OnMessage('note', { reply: null }) note(@Message() _note: LooseNote): void {}
  }
  const closed = {
    title: 'LooseNote',
    type: 'object',
    properties: { text: { type: 'string' } },
    required: ['text'],
    additionalProperties: false,
  };
  const { additionalProperties: _closedOnly, ...open } = closed;
  const schemaWith = (validation?: { whitelist?: boolean; forbidNonWhitelisted?: boolean }) =>
    servedSchema(t, { controllers: [LooseSocket], document: 'asyncapi', name: 'LooseNote' }, validation);
  t.strictSame(await schemaWith(), closed, 'default: unknown properties are rejected');
  t.strictSame(await schemaWith({ forbidNonWhitelisted: false }), open, 'stripped, so accepted');
  t.strictSame(await schemaWith({ whitelist: false }), open, 'kept, so accepted');
  const exported = generateDocs({ controllers: [LooseSocket], validation: { whitelist: false } });
  t.strictSame(
    exported.asyncapi.components.schemas['LooseNote'],
    open,
    'generateDocs takes the same setting',
  );
  // The listening address rebuild keeps the setting too.
  const app = await createApp({
    controllers: [LooseSocket],
    fastify: { logger: false },
    validation: { whitelist: false },
  });
  t.teardown(() => app.close());
  await app.listen({ port: 0, host: '127.0.0.1' });
  const served = await app.inject({ url: '/docs/asyncapi.json' });
  t.strictSame(served.json().components.schemas.LooseNote, open, 'after listen');
  const { port } = app.server.address() as { port: number };
  t.strictSame(
    served.json().servers,
    {
      default: {
        host: `127.0.0.1:${port}`,
        protocol: 'ws',
        description: 'The address this server listens on',
      },
    },
    'servers were added at listen',
  );
});

t.test(
  'a guard whose credential is optional (guests allowed): listed in the binding, not required',
  async (t) => {
    class GuestTokenGuard implements Guard {
      static security = { type: 'apiKey', in: 'query', name: 'token', optional: true } as const;
      canActivate(): boolean {
        return true;
      }
    }
    class Ping {
      @IsString() text!: string;
    }
    @WebSocket('/lobby')
    @UseGuards(GuestTokenGuard)
    class LobbySocket {
      @OnMessage('ping', { reply: Ping }) ping(@Message() ping: Ping): Ping {
        return ping;
      }
    }
    const doc = generateAsyncApi(buildDefinition([LobbySocket]), { info: options.info });
    t.strictSame(doc.channels['LobbySocket']?.bindings, {
      ws: {
        method: 'GET',
        query: {
          type: 'object',
          properties: { token: { description: 'Credential read by GuestTokenGuard.', type: 'string' } },
        },
        bindingVersion: '0.1.0',
      },
    });
    t.strictSame(
      doc.components.securitySchemes,
      { GuestTokenGuard: { type: 'httpApiKey', name: 'token', in: 'query' } },
      'the scheme itself has no notion of optional',
    );
    t.strictSame(await validateWithSpec(doc), []);
  },
);
