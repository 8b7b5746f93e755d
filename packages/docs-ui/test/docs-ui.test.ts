import 'reflect-metadata';
import { createHash } from 'node:crypto';
import t from 'tap';
import { createApp } from '@halyard/core';
import { docsUi } from '../src/index.js';
// The chat fixtures' REST route and socket: one of each side is all the page needs.
import { ChatSocket } from '../../integration/test/helpers/chat-socket.js';
import { NotesController } from '../../integration/test/helpers/notes-controller.js';

t.test('the page has both sides, the console, and every asset from local packages', async (t) => {
  const app = await createApp({
    controllers: [NotesController, ChatSocket],
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
    ['viewer.js', 'text/javascript; charset=utf-8', 500],
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
    controllers: [NotesController, ChatSocket],
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
    controllers: [NotesController],
    docs: { ui: docsUi() },
    fastify: { logger: false },
  });
  t.teardown(() => restOnly.close());
  const restPage = await restOnly.inject({ url: '/docs' });
  t.notMatch(restPage.body, 'data-tab="ws"');
});

t.test('strict policies: the page, Swagger UI, and the sandboxed AsyncAPI viewer', async (t) => {
  const app = await createApp({
    controllers: [NotesController, ChatSocket],
    docs: {
      ui: docsUi(),
      servers: [
        { url: 'https://api.example.com/v1' },
        { url: '/relative' },
        { url: 'https://{region}.example' },
        { url: 'https://a;b.example/' },
      ],
    },
    fastify: { logger: false },
  });
  t.teardown(() => app.close());
  const page = await app.inject({ url: '/docs', headers: { host: 'docs.example:8443' } });
  const script = /<script>([^<]*)<\/script>/.exec(page.body)?.[1] ?? '';
  t.match(script, /^window\.HALYARD_DOCS = \{/, 'the one inline script is the config');
  t.equal(
    page.headers['content-security-policy'],
    [
      "default-src 'none'",
      `script-src 'self' 'sha256-${createHash('sha256').update(script).digest('base64')}'`,
      "style-src 'self'",
      "img-src 'self' data:",
      "font-src 'self' data:",
      "connect-src 'self' ws://docs.example:8443 wss://docs.example:8443",
      "frame-src 'self'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
      "form-action 'none'",
    ].join('; '),
  );
  t.equal(page.headers['x-content-type-options'], 'nosniff');
  t.equal(page.headers['referrer-policy'], 'same-origin');
  t.equal((page.body.match(/<script>/g) ?? []).length, 1, 'no other inline script');
  t.notMatch(page.body, / style="/, 'no inline style attribute');
  t.match(
    page.body,
    '<iframe id="asyncapi" class="hy-asyncapi" data-testid="asyncapi" title="WebSocket API" sandbox="allow-scripts" data-src="/docs/asyncapi-viewer"></iframe>',
  );

  const odd = await app.inject({ url: '/docs', headers: { host: "x; script-src 'unsafe-inline'" } });
  t.match(odd.headers['content-security-policy'], "connect-src 'self'; ", 'a strange Host adds nothing');
  t.notMatch(odd.headers['content-security-policy'], 'unsafe-inline');

  const swaggerPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self' data:; " +
    "connect-src 'self' https://api.example.com; frame-ancestors 'self'; base-uri 'none'; form-action 'none'";
  for (const url of ['/docs/http/', '/docs/http/static/swagger-ui-bundle.js', '/docs/http/json']) {
    const answer = await app.inject({ url });
    t.equal(answer.statusCode, 200, url);
    t.equal(answer.headers['content-security-policy'], swaggerPolicy, url);
    t.equal(answer.headers['x-content-type-options'], 'nosniff', url);
  }
  t.match(
    (await app.inject({ url: '/docs/http/static/swagger-initializer.js' })).body,
    '"layout":"BaseLayout"',
    'no top bar: its logo carries an inline style, its URL box loads any document',
  );

  const viewer = await app.inject({ url: '/docs/asyncapi-viewer' });
  t.equal(viewer.statusCode, 200);
  t.equal(
    viewer.headers['content-security-policy'],
    "sandbox allow-scripts; default-src 'none'; script-src 'self' 'unsafe-eval'; style-src 'self'; " +
      "img-src 'self' data:; font-src 'self' data:; connect-src 'none'; frame-ancestors 'self'; " +
      "base-uri 'none'; form-action 'none'",
  );
  t.notMatch(viewer.body, /<script>/, 'no inline script in the viewer either');
  t.match(viewer.body, '<script src="/docs/assets/viewer.js"></script>');
  for (const file of ['viewer.js', 'asyncapi-standalone.js', 'docs.js'])
    t.equal(
      (await app.inject({ url: `/docs/assets/${file}` })).headers['content-security-policy'],
      "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
      file,
    );

  const restOnly = await createApp({
    controllers: [NotesController],
    docs: { ui: docsUi() },
    fastify: { logger: false },
  });
  t.teardown(() => restOnly.close());
  t.equal(
    (await restOnly.inject({ url: '/docs/asyncapi-viewer' })).statusCode,
    404,
    'no viewer without sockets',
  );
});
