import 'reflect-metadata';
import t from 'tap';
import { IsBoolean } from 'class-validator';
import {
  Deprecated,
  Emits,
  Message,
  OnMessage,
  UseGuards,
  WebSocket,
  buildDefinition,
  type Guard,
} from '../src/index.js';
import { generateAsyncApi } from '../src/asyncapi/asyncapi-generator.js';
import { parserDiagnostics, validateWithSpec } from './helpers/asyncapi-validators.js';
import { options, doc, gameSocketOperation, onChannel, ref } from './fixtures/asyncapi-sample.js';
import { wsBinding } from './fixtures/asyncapi-refs.js';

// AsyncAPI operations: receive with reply, send per push and for errors, security and deprecation.

t.test('operations: receive with reply, send per push and for errors, security, deprecation', async (t) => {
  t.strictSame(doc.operations['GameSocket_move'], {
    action: 'receive',
    ...onChannel('GameSocket', 'move'),
    summary: 'Move a piece',
    ...gameSocketOperation,
    reply: onChannel('GameSocket', 'move_reply'),
  });
  t.strictSame(doc.operations['ChatController_chat_chat'], {
    action: 'receive',
    ...onChannel('ChatController_chat', 'chat'),
    summary: 'Chat WebSocket',
    description: 'Real-time chat',
    tags: [{ name: 'chat' }],
    reply: onChannel('ChatController_chat', 'chat_reply'),
  });
  t.strictSame(doc.operations['GameSocket_push_player.joined'], undefined);
  t.strictSame(doc.operations['GameSocket_push_player_joined'], {
    action: 'send',
    ...onChannel('GameSocket', 'push_player_joined'),
    summary: 'Someone joined the game',
    ...gameSocketOperation,
  });
  t.strictSame(doc.operations['ChatController_chat_error'], {
    action: 'send',
    ...onChannel('ChatController_chat', 'error'),
    summary: 'The server answers a rejected or failed message with an error frame.',
    tags: [{ name: 'chat' }],
  });
  t.strictSame(doc.operations['AdminSocket_kick'], {
    action: 'receive',
    ...onChannel('AdminSocket', 'kick'),
    summary: 'Kick a member',
    description: 'Use "ban" instead.',
    security: [ref('#/components/securitySchemes/BearerGuard')],
    tags: [{ name: 'admin' }, { name: 'moderation' }],
    reply: onChannel('AdminSocket', 'kick_reply'),
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
    t.strictSame(
      legacy.channels['LegacySocket']?.bindings,
      wsBinding({
        headers: {
          type: 'object',
          properties: { 'x-api-key': { description: 'Credential read by HeaderKeyGuard.', type: 'string' } },
          required: ['x-api-key'],
        },
      }),
    );
    t.strictSame(legacy.components.securitySchemes, {
      HeaderKeyGuard: { type: 'httpApiKey', name: 'X-Api-Key', in: 'header' },
    });
    t.notOk('x-deprecated' in (doc.operations['GameSocket_move'] ?? {}), 'other sockets are untouched');
    t.strictSame(await validateWithSpec(legacy), []);
    t.strictSame(await parserDiagnostics(legacy, 0), []);
  },
);
