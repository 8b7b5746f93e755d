import 'reflect-metadata';
import t from 'tap';
import { OnMessage, WebSocket, CloseCodes, buildDefinition } from '../src/index.js';
import { generateAsyncApi } from '../src/asyncapi/asyncapi-generator.js';
import { parserDiagnostics, validateWithSpec } from './helpers/asyncapi-validators.js';
import {
  AdminSocket,
  options,
  doc,
  ref,
  baseCloseCodes,
  guardedCloseCodes,
  guardedChannels,
} from './fixtures/asyncapi-sample.js';
import { wsBinding } from './fixtures/asyncapi-refs.js';

// AsyncAPI channels: address, parameters, bindings, resolved limits and the close codes of each channel.

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
    bindings: wsBinding(),
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
  t.strictSame(
    game?.bindings,
    wsBinding({
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
    }),
  );
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
  t.strictSame(
    admin?.bindings,
    wsBinding({
      headers: {
        title: 'TraceHeaders',
        type: 'object',
        properties: { 'x-trace-id': { type: 'string', minLength: 4, maxLength: 64 } },
        required: ['x-trace-id'],
      },
    }),
  );
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
