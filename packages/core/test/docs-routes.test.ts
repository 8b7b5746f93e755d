import 'reflect-metadata';
import t from 'tap';
import { IsString } from 'class-validator';
import { parse } from 'yaml';
import { Controller, createApp, generateDocs, Get, Message, OnMessage, WebSocket } from '../src/index.js';

class Ping {
  @IsString() text!: string;
}

@Controller('/api')
class ApiController {
  @Get('/health') health(): string {
    return 'ok';
  }
}

@WebSocket('/ws/echo')
class EchoSocket {
  @OnMessage('echo', { reply: Ping }) echo(@Message() ping: Ping): Ping {
    return ping;
  }
}

t.test('both documents as JSON and YAML; AsyncAPI servers follow the request', async (t) => {
  const app = await createApp({
    controllers: [ApiController, EchoSocket],
    docs: { title: 'Echo' },
    fastify: { logger: false },
  });
  t.teardown(() => app.close());
  const openapi = await app.inject({ url: '/docs/openapi.json' });
  t.equal(openapi.json().openapi, '3.1.0');
  t.same(parse((await app.inject({ url: '/docs/openapi.yaml' })).body), openapi.json());
  const asyncapi = await app.inject({ url: '/docs/asyncapi.json', headers: { host: 'chat.example:8080' } });
  t.equal(asyncapi.headers['content-type'], 'application/json; charset=utf-8');
  t.strictSame(asyncapi.json().servers, {
    default: {
      host: 'chat.example:8080',
      protocol: 'ws',
      description: 'The server this document was fetched from',
    },
  });
  const tls = await app.inject({
    url: '/docs/asyncapi.yaml',
    headers: { host: 'chat.example', 'x-forwarded-proto': 'https' },
  });
  t.equal(tls.headers['content-type'], 'application/yaml; charset=utf-8');
  t.equal(
    parse(tls.body).servers.default.protocol,
    'ws',
    'x-forwarded-proto is ignored unless Fastify trusts the proxy',
  );
  t.same(app.halyard.asyncapi.channels, asyncapi.json().channels);
  const index = await app.inject({ url: '/docs' });
  t.match(index.body, '<a href="/docs/asyncapi.json">asyncapi.json</a>');
  t.match(index.body, '@halyard/docs-ui');
});

t.test('fixed AsyncAPI servers, trustProxy, docs off, generateDocs without an app', async (t) => {
  const fixed = await createApp({
    controllers: [EchoSocket],
    docs: { asyncapiServers: [{ name: 'production', host: 'api.example', protocol: 'wss' }] },
    fastify: { logger: false },
  });
  t.teardown(() => fixed.close());
  t.strictSame((await fixed.inject({ url: '/docs/asyncapi.json' })).json().servers, {
    production: { host: 'api.example', protocol: 'wss' },
  });

  const proxied = await createApp({
    controllers: [EchoSocket],
    fastify: { logger: false, trustProxy: true },
  });
  t.teardown(() => proxied.close());
  const tls = await proxied.inject({
    url: '/docs/asyncapi.json',
    headers: { host: 'chat.example', 'x-forwarded-proto': 'https' },
  });
  t.equal(tls.json().servers.default.protocol, 'wss');

  const off = await createApp({ controllers: [EchoSocket], docs: false, fastify: { logger: false } });
  t.teardown(() => off.close());
  t.equal((await off.inject({ url: '/docs/asyncapi.json' })).statusCode, 404);
  t.equal(off.halyard.asyncapi.asyncapi, '3.0.0');

  const docs = generateDocs({
    controllers: [ApiController, EchoSocket],
    docs: { title: 'Offline', version: '2.0.0' },
  });
  t.equal(docs.openapi.info.title, 'Offline');
  t.equal(docs.asyncapi.info.version, '2.0.0');
  t.same(Object.keys(docs.asyncapi.channels), ['EchoSocket']);
  t.same(Object.keys(docs.openapi.paths), ['/api/health']);
});
