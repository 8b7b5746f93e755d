import 'reflect-metadata';
import t from 'tap';
import { IsString } from 'class-validator';
import {
  Message,
  OnMessage,
  UseGuards,
  WebSocket,
  buildDefinition,
  generateDocs,
  type Guard,
} from '../src/index.js';
import { generateAsyncApi } from '../src/asyncapi/asyncapi-generator.js';
import { ChatController } from './fixtures/socket-controllers.js';
import { validateWithSpec } from './helpers/asyncapi-validators.js';
import { servedSchema } from './helpers/served-schema.js';
import { options } from './fixtures/asyncapi-sample.js';
import { wsBinding } from './fixtures/asyncapi-refs.js';
import { createQuietApp } from './helpers/logged-app.js';

// What server options and validation settings do to the AsyncAPI document.

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
  const app = await createQuietApp(t, {
    controllers: [LooseSocket],
    validation: { whitelist: false },
  });
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
    t.strictSame(
      doc.channels['LobbySocket']?.bindings,
      wsBinding({
        query: {
          type: 'object',
          properties: { token: { description: 'Credential read by GuestTokenGuard.', type: 'string' } },
        },
      }),
    );
    t.strictSame(
      doc.components.securitySchemes,
      { GuestTokenGuard: { type: 'httpApiKey', name: 'token', in: 'query' } },
      'the scheme itself has no notion of optional',
    );
    t.strictSame(await validateWithSpec(doc), []);
  },
);
