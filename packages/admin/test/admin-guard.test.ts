import t from 'tap';
import { expectUpgradeRejected } from '@halyard/core/testing';
import { AdminError, adminPanel } from '../src/index.js';
import {
  appWithAdmin,
  bearer,
  logIn,
  problem,
  statsUnauthorized,
  token,
  tokenRequired as required,
} from './fixtures.js';
import { thrownBy } from '../../integration/test/helpers/thrown-by.js';

const problemType = 'application/problem+json; charset=utf-8';

t.test('the token guards the API: none 401, wrong 401, query 401, bearer and cookie ok', async (t) => {
  const app = await appWithAdmin();
  t.teardown(() => app.close());

  const none = await app.inject({ url: '/admin/api/stats' });
  t.equal(none.statusCode, 401);
  t.equal(none.headers['content-type'], problemType);
  t.equal(none.headers['www-authenticate'], 'Bearer realm="halyard-admin"');
  t.strictSame(none.json(), statsUnauthorized);

  const wrong = await app.inject({ url: '/admin/api/stats', headers: { authorization: 'Bearer nope' } });
  t.equal(wrong.statusCode, 401);
  t.equal(wrong.json().detail, 'Admin token is not valid');
  t.equal(wrong.json().code, 'HALYARD_ERR_UNAUTHORIZED');
  const prefixOfToken = await app.inject({
    url: '/admin/api/stats',
    headers: { authorization: `Bearer ${token.slice(0, -1)}` },
  });
  t.equal(prefixOfToken.statusCode, 401, 'a prefix of the token is not the token');
  const basic = await app.inject({ url: '/admin/api/stats', headers: { authorization: `Basic ${token}` } });
  t.equal(basic.json().detail, required, 'only the Bearer scheme is read');

  const ok = await app.inject({ url: '/admin/api/stats', headers: bearer });
  t.equal(ok.statusCode, 200);
  t.equal(ok.headers['cache-control'], 'no-store');
  t.equal(ok.json().adapter, 'memory');

  const cookie = await app.inject({
    url: '/admin/api/stats',
    headers: { cookie: `other=1; halyard_admin_token=${encodeURIComponent(token)}` },
  });
  t.equal(cookie.statusCode, 200, 'the login cookie');
  const wrongCookie = await app.inject({
    url: '/admin/api/stats',
    headers: { cookie: 'halyard_admin_token=nope' },
  });
  t.equal(wrongCookie.statusCode, 401);
  t.equal(wrongCookie.json().detail, 'Admin token is not valid');

  const query = await app.inject({ url: `/admin/api/stats?token=${encodeURIComponent(token)}` });
  t.equal(query.statusCode, 401, 'a query parameter is not a credential (URLs end up in logs)');
  t.equal(query.json().detail, required);
  const headerWins = await app.inject({
    url: '/admin/api/stats',
    headers: { authorization: 'Bearer nope', cookie: `halyard_admin_token=${token}` },
  });
  t.equal(headerWins.statusCode, 401, 'the first credential found is the one checked');
});

t.test('a cookie from another origin is refused; the same origin is fine', async (t) => {
  const app = await appWithAdmin();
  t.teardown(() => app.close());
  const cookie = `halyard_admin_token=${token}`;
  const foreign = await app.inject({
    url: '/admin/api/stats',
    headers: { cookie, origin: 'https://evil.example', host: 'admin.example:8080' },
  });
  t.equal(foreign.statusCode, 403);
  t.strictSame(
    foreign.json(),
    problem(403, '/admin/api/stats', {
      detail: 'A request from https://evil.example may not use the admin cookie of http://admin.example:8080',
      code: 'HALYARD_ERR_ADMIN_ORIGIN_REJECTED',
    }),
  );
  const sendWithCookieFrom = (origin: string) =>
    app.inject({
      method: 'POST',
      url: '/admin/api/send',
      headers: { cookie, origin, host: 'admin.example:8080' },
      payload: { target: 'all', type: 'x' },
    });
  const foreignPost = await sendWithCookieFrom('https://evil.example');
  t.equal(foreignPost.statusCode, 403);
  t.equal(
    foreignPost.json().code,
    'HALYARD_ERR_ADMIN_CROSS_SITE',
    'a POST is refused before its credential is read',
  );
  const same = await sendWithCookieFrom('http://admin.example:8080');
  t.equal(same.statusCode, 200);
  const bearerElsewhere = await app.inject({
    url: '/admin/api/stats',
    headers: { ...bearer, origin: 'https://tool.example' },
  });
  t.equal(bearerElsewhere.statusCode, 200, 'a bearer header is never sent by a browser on its own');
});

t.test('the page: login form for browsers, problem+json for tools, the page once logged in', async (t) => {
  const app = await appWithAdmin();
  t.teardown(() => app.close());

  const browser = await app.inject({ url: '/admin', headers: { accept: 'text/html,*/*' } });
  t.equal(browser.statusCode, 401);
  t.equal(browser.headers['content-type'], 'text/html; charset=utf-8');
  t.match(browser.headers['content-security-policy'], "form-action 'self'");
  t.match(browser.body, '<form method="post" action="/admin/login" data-testid="login-form">');
  t.notMatch(browser.body, 'data-testid="login-error"');

  const tool = await app.inject({ url: '/admin' });
  t.equal(tool.statusCode, 401);
  t.equal(tool.json().code, 'HALYARD_ERR_UNAUTHORIZED');

  const wrongLogin = await logIn(app, 'nope');
  t.equal(wrongLogin.statusCode, 401);
  t.match(wrongLogin.body, '<p class="error" role="alert" data-testid="login-error">Wrong token</p>');
  t.equal(wrongLogin.headers['set-cookie'], undefined);

  const login = await logIn(app, token);
  t.equal(login.statusCode, 303);
  t.equal(login.headers.location, '/admin');
  t.equal(
    login.headers['set-cookie'],
    `halyard_admin_token=${token}; Path=/admin; Max-Age=43200; HttpOnly; SameSite=Strict`,
  );

  const page = await app.inject({
    url: '/admin',
    headers: { accept: 'text/html', cookie: `halyard_admin_token=${token}` },
  });
  t.equal(page.statusCode, 200);
  t.equal(page.headers['content-type'], 'text/html; charset=utf-8');
  t.equal(page.headers['cache-control'], 'no-store');
  t.match(page.headers['content-security-policy'], "script-src 'self'");
  t.match(page.body, '<body data-prefix="/admin">');
  t.match(page.body, '<script src="/admin/assets/admin.js"></script>');
  t.notMatch(page.body, /https?:\/\//, 'no remote URL: works offline');

  const stale = await app.inject({
    url: '/admin',
    headers: { accept: 'text/html', cookie: 'halyard_admin_token=rotated' },
  });
  t.equal(stale.statusCode, 401);
  t.match(stale.body, 'data-testid="login-error">Wrong token<');

  const logout = await app.inject({ method: 'POST', url: '/admin/logout' });
  t.equal(logout.statusCode, 303);
  t.equal(
    logout.headers['set-cookie'],
    'halyard_admin_token=; Path=/admin; Max-Age=0; HttpOnly; SameSite=Strict',
  );

  const json = await app.inject({ method: 'POST', url: '/admin/login', payload: { token } });
  t.equal(json.statusCode, 303, 'the login also takes JSON');
});

t.test('assets and the live route are behind the guard too', async (t) => {
  const app = await appWithAdmin();
  t.teardown(() => app.close());
  for (const [file, type] of [
    ['admin.js', 'text/javascript; charset=utf-8'],
    ['admin.css', 'text/css; charset=utf-8'],
  ] as const) {
    t.equal((await app.inject({ url: `/admin/assets/${file}` })).statusCode, 401, file);
    const asset = await app.inject({ url: `/admin/assets/${file}`, headers: bearer });
    t.equal(asset.statusCode, 200, file);
    t.equal(asset.headers['content-type'], type);
    t.ok(asset.body.length > 1_000, `${file} is the real file`);
  }
  t.equal((await app.inject({ url: '/admin/assets/nope.js', headers: bearer })).statusCode, 404);
  t.equal((await app.inject({ url: '/admin/assets/..%2Fpackage.json', headers: bearer })).statusCode, 404);

  const plain = await app.inject({ url: '/admin/live', headers: bearer });
  t.equal(plain.statusCode, 426);
  t.equal(plain.json().code, 'HALYARD_ERR_WS_UPGRADE_REQUIRED');
  const refused = await expectUpgradeRejected(app, '/admin/live');
  t.equal(refused.status, 401);
  t.equal(refused.body['code'], 'HALYARD_ERR_UNAUTHORIZED');
  const wrong = await expectUpgradeRejected(app, '/admin/live', { headers: { authorization: 'Bearer x' } });
  t.equal(wrong.status, 401);
  t.equal(wrong.body['detail'], 'Admin token is not valid');
});

t.test('a custom guard, alone or with the token; a custom prefix', async (t) => {
  const guarded = await appWithAdmin({
    prefix: '/ops/admin/',
    guard: async (request) => request.headers['x-admin'] === 'yes',
  });
  t.teardown(() => guarded.close());
  t.equal(
    (await guarded.inject({ url: '/ops/admin/api/stats', headers: { 'x-admin': 'yes' } })).statusCode,
    200,
  );
  const denied = await guarded.inject({ url: '/ops/admin/api/stats', headers: { 'x-admin': 'no' } });
  t.equal(denied.statusCode, 401);
  t.equal(denied.json().detail, 'Admin access denied');
  const page = await guarded.inject({ url: '/ops/admin', headers: { accept: 'text/html', 'x-admin': 'no' } });
  t.equal(page.statusCode, 401);
  t.equal(page.headers['content-type'], problemType, 'no login form without a token');
  t.equal(
    (
      await guarded.inject({
        method: 'POST',
        url: '/ops/admin/login',
        headers: { 'x-admin': 'yes' },
        payload: {},
      })
    ).statusCode,
    404,
    'no login route without a token',
  );
  t.equal(
    (await guarded.inject({ method: 'POST', url: '/ops/admin/login', payload: {} })).statusCode,
    401,
    'unknown admin paths are behind the guard too',
  );
  t.equal((await guarded.inject({ url: '/admin/api/stats' })).statusCode, 404);

  const both = await appWithAdmin({ token, guard: (request) => request.headers['x-admin'] === 'yes' });
  t.teardown(() => both.close());
  t.equal((await both.inject({ url: '/admin/api/stats', headers: bearer })).statusCode, 401, 'guard fails');
  t.equal((await both.inject({ url: '/admin/api/stats', headers: { 'x-admin': 'yes' } })).statusCode, 401);
  t.equal(
    (await both.inject({ url: '/admin/api/stats', headers: { ...bearer, 'x-admin': 'yes' } })).statusCode,
    200,
  );
});

t.test('options that cannot work fail at boot with HALYARD_ERR_ADMIN_OPTIONS_INVALID', async (t) => {
  const cases: Array<[Parameters<typeof adminPanel>[0], string]> = [
    [
      {},
      'token is required unless guard is given; token is undefined (is the environment variable you read it from set?)',
    ],
    [{ token: '' }, 'token must be a non-empty string'],
    [{ token, guard: 'yes' as never }, 'guard must be a function (request) => boolean | Promise<boolean>'],
    [
      { token, prefix: 'admin' },
      'prefix must be a path like "/admin" or "/ops/admin": segments of letters, digits, ".", "_", "~", "-" (got "admin")',
    ],
    [
      { token, prefix: '/' },
      'prefix must be a path like "/admin" or "/ops/admin": segments of letters, digits, ".", "_", "~", "-" (got "/")',
    ],
    [{ token, trafficBuffer: 0 }, 'trafficBuffer must be an integer from 1 to 10000 (got 0)'],
    [{ token, snapshotIntervalMs: 10 }, 'snapshotIntervalMs must be an integer from 50 to 60000 (got 10)'],
  ];
  for (const [options, detail] of cases) {
    const error = thrownBy(() => adminPanel(options));
    t.ok(error instanceof AdminError, detail);
    t.equal((error as AdminError).code, 'HALYARD_ERR_ADMIN_OPTIONS_INVALID');
    t.equal(
      (error as AdminError).message,
      `HALYARD_ERR_ADMIN_OPTIONS_INVALID: adminPanel options: ${detail}`,
    );
  }
});
