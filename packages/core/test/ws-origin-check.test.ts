import 'reflect-metadata';
import t from 'tap';
import { connectSocket, expectUpgradeRejected } from '../src/testing/index.js';
import { appPort } from './fixtures/raw-upgrade.js';
import { echoSocket } from './fixtures/echo-socket.js';
import { expectBootError } from './helpers/boot-error.js';
import { createQuietApp } from './helpers/logged-app.js';

const OwnOriginSocket = echoSocket('OwnOriginSocket', '/own', { heartbeat: false });

const ListedSocket = echoSocket('ListedSocket', '/listed', {
  heartbeat: false,
  allowedOrigins: ['HTTPS://App.Example:443'],
});

const forbidden = (path: string, origin: string) => ({
  status: 403,
  body: {
    type: 'about:blank',
    title: 'Forbidden',
    status: 403,
    detail: `Origin ${origin} is not allowed`,
    instance: path,
    code: 'HALYARD_ERR_WS_ORIGIN_REJECTED',
  },
});

t.test('same origin means the same scheme, host and port', async (t) => {
  const app = await createQuietApp(t, { controllers: [OwnOriginSocket, ListedSocket] });
  const port = await appPort(app);
  const own = await connectSocket(app, '/own', { origin: `http://127.0.0.1:${port}` });
  t.equal((await own.request('echo', { text: 'hi' })).type, 'reply', 'the page this app served');
  t.ok(
    (await connectSocket(app, '/own', { origin: `HTTP://127.0.0.1:${port}` })).isOpen,
    'case does not matter',
  );
  for (const origin of [
    `https://127.0.0.1:${port}`,
    `ws://127.0.0.1:${port}`,
    `http://127.0.0.1:${port + 1}`,
    'http://127.0.0.1',
    'null',
    `http://127.0.0.1:${port}/page`,
  ])
    t.strictSame(await expectUpgradeRejected(app, '/own', { origin }), forbidden('/own', origin), origin);
  t.equal(app.halyard.hub.stats().errors['HALYARD_ERR_WS_ORIGIN_REJECTED'], 6);
});

t.test('allowedOrigins entries are normalised and compared exactly', async (t) => {
  const app = await createQuietApp(t, { controllers: [OwnOriginSocket, ListedSocket] });
  t.ok((await connectSocket(app, '/listed', { origin: 'https://app.example' })).isOpen, 'the listed origin');
  for (const origin of ['http://app.example', 'https://app.example:8443', 'https://sub.app.example'])
    t.strictSame(
      await expectUpgradeRejected(app, '/listed', { origin }),
      forbidden('/listed', origin),
      origin,
    );
});

t.test("behind a proxy (trustProxy) the app's origin is the forwarded scheme and host", async (t) => {
  const app = await createQuietApp(t, {
    controllers: [OwnOriginSocket],
    fastify: { trustProxy: true },
  });
  const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'chat.example' };
  t.ok(
    (await connectSocket(app, '/own', { origin: 'https://chat.example', headers: forwarded })).isOpen,
    'the public origin the page was served from',
  );
  t.strictSame(
    await expectUpgradeRejected(app, '/own', { origin: 'http://chat.example', headers: forwarded }),
    forbidden('/own', 'http://chat.example'),
  );
});

t.test('an allowedOrigins entry that is not an origin fails at boot', async (t) => {
  const BadOrigins = echoSocket('BadOrigins', '/bad', { allowedOrigins: ['https://app.example/app'] });
  await expectBootError(t, [BadOrigins], {
    code: 'HALYARD_ERR_OPTIONS_INVALID',
    message:
      'createApp options: BadOrigins (/bad) limits: allowedOrigins: "https://app.example/app" is not an origin; write scheme://host[:port], e.g. https://app.example',
  });
});
