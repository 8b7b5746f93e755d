import { Writable } from 'node:stream';
import t from 'tap';
import { createApp } from '@halyard/core';
import { expectUpgradeRejected } from '@halyard/core/testing';
import type { FastifyInstance } from 'fastify';
import { adminPanel } from '../src/index.js';
import { bearer, HubSocket, logIn, problem, statsUnauthorized, token } from './fixtures.js';

/** An app with the admin whose pino log lines are kept, to prove what never reaches them. */
async function loggedApp(): Promise<{ app: FastifyInstance; lines: string[] }> {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const app = await createApp({
    controllers: [HubSocket],
    fastify: { logger: { level: 'trace', stream } },
    extensions: [adminPanel({ token })],
  });
  return { app, lines };
}

t.test('?token= is not a credential, and neither answers nor logs repeat it', async (t) => {
  const { app, lines } = await loggedApp();
  t.teardown(() => app.close());
  const secret = encodeURIComponent(token);

  const api = await app.inject({ url: `/admin/api/stats?token=${secret}` });
  t.equal(api.statusCode, 401, 'the query token is not accepted');
  t.strictSame(api.json(), statsUnauthorized);
  const answers = [
    api,
    await app.inject({ url: `/admin?token=${secret}` }),
    await app.inject({ url: `/admin?token=${secret}`, headers: { accept: 'text/html' } }),
    await app.inject({ url: `/admin/api/stats?token=${secret}`, headers: bearer }),
    await app.inject({ url: `/admin/live?token=${secret}`, headers: bearer }),
    await app.inject({ url: `/admin/assets/nope.js?token=${secret}`, headers: bearer }),
    await app.inject({ url: `/admin/no/such/page?token=${secret}`, headers: bearer }),
    await app.inject({ url: `/admin/no/such/page?token=${secret}` }),
    await app.inject({ method: 'POST', url: `/admin/logout?token=${secret}` }),
    await app.inject({ method: 'POST', url: `/admin/api/send?token=${secret}`, payload: { target: 'all' } }),
  ];
  t.strictSame(
    answers.map((answer) => answer.statusCode),
    [401, 401, 401, 200, 426, 404, 404, 401, 303, 401],
  );
  t.strictSame(
    answers[4]?.json(),
    problem(426, '/admin/live', {
      detail: '/admin/live is a WebSocket route; connect with a WebSocket client',
      code: 'HALYARD_ERR_WS_UPGRADE_REQUIRED',
    }),
  );
  t.strictSame(
    answers[6]?.json(),
    problem(404, '/admin/no/such/page', {
      detail: 'Route GET:/admin/no/such/page not found',
      code: 'HALYARD_ERR_NOT_FOUND',
    }),
  );
  const upgrade = await expectUpgradeRejected(app, '/admin/live', { query: { token } });
  t.equal(upgrade.status, 401, 'nor on the live feed');
  t.equal(upgrade.body['instance'], '/admin/live');

  for (const answer of answers) t.notMatch(answer.body, token, `no token in the ${answer.statusCode} body`);
  t.notMatch(JSON.stringify(upgrade.body), token);
  t.ok(lines.length > 20, `the requests were logged (${lines.length} lines)`);
  t.strictSame(
    lines.filter((line) => line.includes(token) || line.includes(secret)),
    [],
    'no log line has the token',
  );
  const incoming = lines.map((line) => JSON.parse(line) as { msg: string; req?: { url: string } });
  t.strictSame(
    incoming.filter((line) => line.msg === 'incoming request').map((line) => line.req?.url),
    [
      '/admin/api/stats',
      '/admin',
      '/admin',
      '/admin/api/stats',
      '/admin/live',
      '/admin/assets/nope.js',
      '/admin/no/such/page',
      '/admin/no/such/page',
      '/admin/logout',
      '/admin/api/send',
      '/admin/live',
    ],
    'admin requests are logged by path',
  );
});

t.test('a login, logout or command from another origin is refused with 403', async (t) => {
  const { app } = await loggedApp();
  t.teardown(() => app.close());
  const host = 'admin.example:8080';
  const cookie = `halyard_admin_token=${token}`;

  const logout = await app.inject({
    method: 'POST',
    url: '/admin/logout',
    headers: { host, origin: 'https://evil.example' },
  });
  t.equal(logout.statusCode, 403);
  t.equal(logout.headers['set-cookie'], undefined, 'the cookie is not cleared');
  t.strictSame(
    logout.json(),
    problem(403, '/admin/logout', {
      detail:
        'Cross-site POST /admin/logout refused: sent from https://evil.example, not from http://admin.example:8080',
      code: 'HALYARD_ERR_ADMIN_CROSS_SITE',
    }),
  );

  const fetchMetadata = await app.inject({
    method: 'POST',
    url: '/admin/logout',
    headers: { host, 'sec-fetch-site': 'cross-site' },
  });
  t.equal(fetchMetadata.statusCode, 403);
  t.equal(
    fetchMetadata.json().detail,
    'Cross-site POST /admin/logout refused: sent from a cross-site page (Sec-Fetch-Site), not from http://admin.example:8080',
  );
  const sameSite = await app.inject({
    method: 'POST',
    url: '/admin/logout',
    headers: { host, 'sec-fetch-site': 'same-site' },
  });
  t.equal(sameSite.statusCode, 403, 'a sibling subdomain is not the admin');
  const otherScheme = await app.inject({
    method: 'POST',
    url: '/admin/logout',
    headers: { host, origin: `https://${host}` },
  });
  t.equal(otherScheme.statusCode, 403, 'the scheme counts: https://host is not http://host');
  const otherPort = await app.inject({
    method: 'POST',
    url: '/admin/logout',
    headers: { host, origin: 'http://admin.example:8081' },
  });
  t.equal(otherPort.statusCode, 403, 'the port counts');
  const opaque = await app.inject({
    method: 'POST',
    url: '/admin/logout',
    headers: { host, origin: 'null' },
  });
  t.equal(opaque.statusCode, 403, 'an opaque origin is foreign');

  const login = await logIn(app, token, { host, origin: 'https://evil.example' });
  t.equal(login.statusCode, 403);
  t.equal(login.json().code, 'HALYARD_ERR_ADMIN_CROSS_SITE');
  t.equal(login.headers['set-cookie'], undefined);

  const command = await app.inject({
    method: 'POST',
    url: '/admin/api/disconnect',
    headers: { host, cookie, 'sec-fetch-site': 'cross-site' },
    payload: { id: 'x' },
  });
  t.equal(command.statusCode, 403);
  t.equal(command.json().code, 'HALYARD_ERR_ADMIN_CROSS_SITE');
  const bearerCommand = await app.inject({
    method: 'POST',
    url: '/admin/api/send',
    headers: { ...bearer, host, origin: 'https://evil.example' },
    payload: { target: 'all', type: 'x' },
  });
  t.equal(bearerCommand.statusCode, 403, 'whatever the credential');

  // The admin's own page, a browser navigation and tools without either header.
  for (const headers of [
    { host, origin: `http://${host}` },
    { host, origin: `http://${host}`, 'sec-fetch-site': 'same-origin' },
    { host, 'sec-fetch-site': 'same-origin' },
    { host, 'sec-fetch-site': 'none' },
    { host },
  ]) {
    const same = await app.inject({ method: 'POST', url: '/admin/logout', headers });
    t.equal(same.statusCode, 303, `logout with ${JSON.stringify(headers)}`);
    const sent = await app.inject({
      method: 'POST',
      url: '/admin/api/send',
      headers: { ...headers, cookie },
      payload: { target: 'all', type: 'x' },
    });
    t.equal(sent.statusCode, 200, `command with ${JSON.stringify(headers)}`);
  }
  const loggedIn = await logIn(app, token, { host, origin: `http://${host}` });
  t.equal(loggedIn.statusCode, 303);
});

t.test('a GET with the cookie from another origin is refused; the scheme counts', async (t) => {
  const { app } = await loggedApp();
  t.teardown(() => app.close());
  const cookie = `halyard_admin_token=${token}`;
  const host = 'admin.example:8080';
  const foreign = await app.inject({
    url: '/admin/api/stats',
    headers: { cookie, host, origin: `https://${host}` },
  });
  t.equal(foreign.statusCode, 403);
  t.strictSame(
    foreign.json(),
    problem(403, '/admin/api/stats', {
      detail:
        'A request from https://admin.example:8080 may not use the admin cookie of http://admin.example:8080',
      code: 'HALYARD_ERR_ADMIN_ORIGIN_REJECTED',
    }),
  );
  const live = await expectUpgradeRejected(app, '/admin/live', {
    headers: { cookie, origin: 'https://evil.example' },
  });
  t.equal(live.status, 403, 'a page elsewhere cannot open the live feed with the cookie');
  t.equal(live.body['code'], 'HALYARD_ERR_ADMIN_ORIGIN_REJECTED');
});

t.test(
  'every admin answer says nosniff and same-origin referrers; the login page has no unsafe-inline',
  async (t) => {
    const { app } = await loggedApp();
    t.teardown(() => app.close());
    for (const request of [
      { url: '/admin', headers: { accept: 'text/html' } },
      { url: '/admin', headers: bearer },
      { url: '/admin/api/stats' },
      { url: '/admin/api/stats', headers: bearer },
      { url: '/admin/assets/admin.js', headers: bearer },
      { url: '/admin/nope', headers: bearer },
      { method: 'POST' as const, url: '/admin/logout' },
    ]) {
      const answer = await app.inject(request);
      t.equal(answer.headers['x-content-type-options'], 'nosniff', `${request.url} ${answer.statusCode}`);
      t.equal(answer.headers['referrer-policy'], 'same-origin', `${request.url} ${answer.statusCode}`);
    }
    const login = await app.inject({ url: '/admin', headers: { accept: 'text/html' } });
    const policy = String(login.headers['content-security-policy']);
    t.match(policy, /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*'; /);
    t.notMatch(policy, 'unsafe-inline');
    t.match(policy, "frame-ancestors 'none'");
  },
);
