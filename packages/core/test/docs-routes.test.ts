import 'reflect-metadata';
import t from 'tap';
import { Parser } from '@asyncapi/parser';
import { get as httpGet } from 'node:http';
import { parse } from 'yaml';
import { Controller, createApp, generateDocs, Get } from '../src/index.js';
import { echoSocket } from './fixtures/echo-socket.js';

@Controller('/api')
class ApiController {
  @Get('/health') health(): string {
    return 'ok';
  }
}

const EchoSocket = echoSocket('EchoSocket', '/ws/echo');

/** A real HTTP GET with a chosen Host header (fetch would not send it). */
function get(port: number, path: string, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = httpGet({ host: '127.0.0.1', port, path, headers: { host } }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve(body));
    });
    request.on('error', reject);
  });
}

t.test('both documents as JSON and YAML; AsyncAPI servers are the listening address', async (t) => {
  const app = await createApp({
    controllers: [ApiController, EchoSocket],
    docs: { title: 'Echo' },
    fastify: { logger: false },
  });
  t.teardown(() => app.close());
  const openapi = await app.inject({ url: '/docs/openapi.json' });
  t.equal(openapi.json().openapi, '3.1.0');
  t.strictSame(parse((await app.inject({ url: '/docs/openapi.yaml' })).body), openapi.json());
  const before = await app.inject({ url: '/docs/asyncapi.json', headers: { host: 'chat.example:8080' } });
  t.equal(before.headers['content-type'], 'application/json; charset=utf-8');
  t.notOk('servers' in before.json(), 'not listening yet: no address to list, whatever the Host says');
  t.strictSame(before.json(), JSON.parse(JSON.stringify(app.halyard.asyncapi)));

  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  const listening = {
    default: { host: `127.0.0.1:${port}`, protocol: 'ws', description: 'The address this server listens on' },
  };
  const hosts = ['chat.example:8080', 'evil.example', `127.0.0.1:${port}`];
  const served = await Promise.all(hosts.map((host) => get(port, '/docs/asyncapi.json', host)));
  for (const [index, body] of served.entries())
    t.strictSame(JSON.parse(body).servers, listening, `Host ${hosts[index]} changes nothing`);
  t.equal(served[0], served[1], 'one document for every Host: byte for byte');
  t.equal(await get(port, '/docs/openapi.json', 'evil.example'), openapi.body, 'OpenAPI was not rebuilt');
  const { servers: _servers, ...rest } = JSON.parse(served[0] ?? '{}') as Record<string, unknown>;
  t.strictSame(rest, before.json(), 'only servers were added');

  const tls = await app.inject({
    url: '/docs/asyncapi.yaml',
    headers: { host: 'chat.example', 'x-forwarded-proto': 'https' },
  });
  t.equal(tls.headers['content-type'], 'application/yaml; charset=utf-8');
  t.strictSame(parse(tls.body).servers, listening, 'x-forwarded-proto does not change the document');
  const index = await app.inject({ url: '/docs' });
  t.match(index.body, '<a href="/docs/asyncapi.json">asyncapi.json</a>');
  t.match(index.body, '@halyard/docs-ui');
});

t.test('the served YAML is exactly the JSON document, and valid for the parser', async (t) => {
  const app = await createApp({ controllers: [ApiController, EchoSocket], fastify: { logger: false } });
  t.teardown(() => app.close());
  await app.listen({ port: 0, host: '127.0.0.1' });
  const json = (await app.inject({ url: '/docs/asyncapi.json' })).json();
  const yaml = (await app.inject({ url: '/docs/asyncapi.yaml' })).body;
  t.strictSame(parse(yaml), json, 'asyncapi.yaml parses to exactly asyncapi.json');
  const diagnostics = await new Parser().validate(yaml);
  t.strictSame(
    diagnostics
      .filter((diagnostic) => diagnostic.severity === 0)
      .map((diagnostic) => `${diagnostic.code} at ${diagnostic.path.join('/')}: ${diagnostic.message}`),
    [],
    '@asyncapi/parser: no error diagnostics on the YAML text',
  );
  t.strictSame(
    parse((await app.inject({ url: '/docs/openapi.yaml' })).body),
    (await app.inject({ url: '/docs/openapi.json' })).json(),
    'openapi.yaml parses to exactly openapi.json',
  );
});

t.test('fixed AsyncAPI servers, docs off, generateDocs without an app', async (t) => {
  const fixed = await createApp({
    controllers: [EchoSocket],
    docs: { asyncapiServers: [{ name: 'production', host: 'api.example', protocol: 'wss' }] },
    fastify: { logger: false },
  });
  t.teardown(() => fixed.close());
  const production = { production: { host: 'api.example', protocol: 'wss' } };
  t.strictSame((await fixed.inject({ url: '/docs/asyncapi.json' })).json().servers, production);
  await fixed.listen({ port: 0, host: '127.0.0.1' });
  t.strictSame(
    (await fixed.inject({ url: '/docs/asyncapi.json' })).json().servers,
    production,
    'the option wins over the listening address',
  );

  const anywhere = await createApp({ controllers: [EchoSocket], fastify: { logger: false } });
  t.teardown(() => anywhere.close());
  await anywhere.listen({ port: 0, host: '0.0.0.0' });
  const { port } = anywhere.server.address() as { port: number };
  t.strictSame(
    (await anywhere.inject({ url: '/docs/asyncapi.json' })).json().servers,
    {
      default: {
        host: `localhost:${port}`,
        protocol: 'ws',
        description: 'The address this server listens on',
      },
    },
    'every interface: written as localhost',
  );

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

t.test('the docs prefix with a trailing slash redirects to the page, keeping the query', async (t) => {
  const app = await createApp({ controllers: [ApiController], fastify: { logger: false } });
  t.teardown(() => app.close());
  const plain = await app.inject({ method: 'GET', url: '/docs/' });
  t.strictSame([plain.statusCode, plain.headers['location']], [308, '/docs']);
  const withQuery = await app.inject({ method: 'GET', url: '/docs/?tab=ws' });
  t.strictSame([withQuery.statusCode, withQuery.headers['location']], [308, '/docs?tab=ws']);
  t.equal((await app.inject({ method: 'GET', url: '/docs' })).statusCode, 200);

  const api = await createApp({
    controllers: [ApiController],
    docs: { prefix: '/api-docs/' },
    fastify: { logger: false },
  });
  t.teardown(() => api.close());
  const moved = await api.inject({ method: 'GET', url: '/api-docs/' });
  t.strictSame([moved.statusCode, moved.headers['location']], [308, '/api-docs']);
});
