import 'reflect-metadata';
import t from 'tap';
import { IsString } from 'class-validator';
import { Controller, createApp, Get, Message, OnMessage, WebSocket } from '@halyard/core';
import { docsUi } from '../src/index.js';

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

t.test('the page has both sides, the console, and every asset from local packages', async (t) => {
  const app = await createApp({
    controllers: [ApiController, EchoSocket],
    docs: { title: 'Echo <API>', ui: docsUi() },
    fastify: { logger: false },
  });
  t.teardown(() => app.close());
  const page = await app.inject({ url: '/docs' });
  t.equal(page.statusCode, 200);
  t.equal(page.headers['content-type'], 'text/html; charset=utf-8');
  t.match(page.body, '<h1>Echo &#60;API&#62; <small>1.0.0</small></h1>');
  t.match(page.body, 'data-tab="rest"');
  t.match(page.body, 'data-tab="ws"');
  t.match(page.body, 'data-testid="console"');
  t.match(page.body, '<iframe title="REST API" src="/docs/http"');
  t.notMatch(page.body, /https?:\/\/(?!127)/, 'no remote URLs: works offline');

  const assets: Array<[string, string, number]> = [
    ['asyncapi-standalone.js', 'text/javascript; charset=utf-8', 1_000_000],
    ['asyncapi.css', 'text/css; charset=utf-8', 1_000],
    ['docs.js', 'text/javascript; charset=utf-8', 500],
    ['console.js', 'text/javascript; charset=utf-8', 2_000],
    ['docs.css', 'text/css; charset=utf-8', 500],
  ];
  for (const [file, type, minimum] of assets) {
    const res = await app.inject({ url: `/docs/assets/${file}` });
    t.equal(res.statusCode, 200, file);
    t.equal(res.headers['content-type'], type, file);
    t.ok(res.rawPayload.length > minimum, `${file} is the real file (${res.rawPayload.length} bytes)`);
  }
  t.equal((await app.inject({ url: '/docs/assets/nope.js' })).statusCode, 404);
  t.equal((await app.inject({ url: '/docs/assets/..%2Fpackage.json' })).statusCode, 404);
  const swagger = await app.inject({ url: '/docs/http/' });
  t.equal(swagger.statusCode, 200);
  t.match(swagger.body, 'swagger-ui');
  t.equal((await app.inject({ url: '/docs/http/json' })).json().openapi, '3.1.0');
});

t.test('options: console off, custom prefix, no sockets hides the WebSocket side', async (t) => {
  const quiet = await createApp({
    controllers: [ApiController, EchoSocket],
    docs: { prefix: '/reference/', ui: docsUi({ console: false }) },
    fastify: { logger: false },
  });
  t.teardown(() => quiet.close());
  const page = await quiet.inject({ url: '/reference' });
  t.equal(page.statusCode, 200);
  t.notMatch(page.body, '<script src="/reference/assets/console.js">');
  t.equal((await quiet.inject({ url: '/reference/assets/console.js' })).statusCode, 404);
  t.equal((await quiet.inject({ url: '/reference/asyncapi.json' })).json().asyncapi, '3.0.0');
  t.equal((await quiet.inject({ url: '/docs' })).statusCode, 404);

  const restOnly = await createApp({
    controllers: [ApiController],
    docs: { ui: docsUi() },
    fastify: { logger: false },
  });
  t.teardown(() => restOnly.close());
  const restPage = await restOnly.inject({ url: '/docs' });
  t.notMatch(restPage.body, 'data-tab="ws"');
});
