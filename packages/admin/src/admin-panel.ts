import websocketPlugin from '@fastify/websocket';
import { errorTable, httpErrorFromTable, type HalyardExtension, type HttpError } from '@halyard/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { registerAdminApi } from './admin-api.js';
import { AdminAuth, loginCookie, logoutCookie } from './admin-auth.js';
import { resolveAdminOptions, type AdminPanelOptions, type ResolvedAdminOptions } from './admin-options.js';
import { loginSecurityPolicy, pageSecurityPolicy, renderAdminPage, renderLoginPage } from './admin-page.js';
import { loadAssets } from './asset-files.js';
import { AdminError, adminErrorTable } from './errors.js';
import { LatencyTable } from './latency-table.js';
import { LiveFeed } from './live-feed.js';
import { adminRequestSerializer, foreignSource, ownOrigin, pathOf } from './request-origin.js';

const html = 'text/html; charset=utf-8';
/** The live feed only sends; a page never needs to send more than a close frame. */
const liveMaxPayload = 4_096;
const shortTokenLength = 16;

/**
 * The admin page of a Halyard app, on one option: live connections, rooms, stats and traffic, and
 * forms to send a message or disconnect a connection. Everything is behind the token or guard.
 *
 * @example
 * ```ts
 * import { adminPanel } from '@halyard/admin';
 * const app = await createApp({ controllers, extensions: [adminPanel({ token: process.env.ADMIN_TOKEN })] });
 * // open http://localhost:3000/admin and log in with the token
 * ```
 */
export function adminPanel(options: AdminPanelOptions): HalyardExtension {
  const resolved = resolveAdminOptions(options);
  return {
    name: 'halyard-admin',
    register: (app) => registerAdmin(app, resolved),
  };
}

async function registerAdmin(app: FastifyInstance, options: ResolvedAdminOptions): Promise<void> {
  if (!app.hasDecorator('halyard'))
    throw new AdminError('HALYARD_ERR_ADMIN_OPTIONS_INVALID', {
      detail: 'adminPanel() needs a Halyard app: pass it in createApp({ extensions: [adminPanel(...)] })',
    });
  const { prefix } = options;
  const log = app.log.child({ extension: 'halyard-admin' });
  if (options.token !== undefined && options.token.length < shortTokenLength)
    log.warn(`the admin token is shorter than ${shortTokenLength} characters; use a long random one`);
  const hub = app.halyard.hub;
  const auth = new AdminAuth(options);
  // The only per-message work the admin adds, and only while it is registered (and not turned off).
  const latency = options.latency ? new LatencyTable(app.halyard.definition) : undefined;
  if (latency) {
    const detach = app.halyard.observeSockets(latency.observer());
    app.addHook('onClose', async () => detach());
  }
  const feed = new LiveFeed(hub, { ...options, log, latency });
  const assets = loadAssets();
  const page = renderAdminPage({ prefix, usesToken: auth.usesToken });

  if (app.hasDecorator('websocketServer')) {
    app.addHook('preClose', () => feed.close());
  } else {
    // The app has no Halyard sockets, so core did not register @fastify/websocket.
    await app.register(websocketPlugin, {
      options: { maxPayload: liveMaxPayload, perMessageDeflate: false },
      preClose: async () => {
        await feed.close();
        app.websocketServer.close();
      },
    });
  }

  const servePage = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const outcome = await auth.check(request);
    if (outcome.ok)
      return reply
        .type(html)
        .header('cache-control', 'no-store')
        .header('content-security-policy', pageSecurityPolicy)
        .send(page);
    // A browser that is not logged in gets the form (still a 401); tools get problem+json.
    if (outcome.reason !== 'guard' && outcome.reason !== 'origin' && wantsHtml(request) && auth.usesToken)
      return reply
        .code(401)
        .type(html)
        .header('cache-control', 'no-store')
        .header('content-security-policy', loginSecurityPolicy)
        .send(renderLoginPage({ prefix, ...(outcome.reason === 'wrong' && { message: 'Wrong token' }) }));
    return rejectWith(reply, outcome.error);
  };

  await app.register(
    async (scope) => {
      scope.addHook('onRequest', async (request) => refuseCrossSite(request));
      // `same-origin`, not `no-referrer`: with `no-referrer` a browser sends `Origin: null` on the
      // login form's POST, which the same-origin rule then refuses.
      scope.addHook('onSend', async (_request, reply) => {
        reply.header('x-content-type-options', 'nosniff').header('referrer-policy', 'same-origin');
      });
      await registerRoutes(scope);
    },
    // The query string never reaches the admin's request logs (see request-origin.ts).
    // (Fastify types serializers as returning strings; pino takes the object they return.)
    { logSerializers: { req: adminRequestSerializer as unknown as (value: unknown) => string } },
  );

  async function registerRoutes(scope: FastifyInstance): Promise<void> {
    scope.get(prefix, servePage);
    if (auth.usesToken) await scope.register((login) => registerLogin(login, { prefix, auth }));

    await scope.register(async (guarded) => {
      guarded.addHook('onRequest', async (request, reply) => {
        const outcome = await auth.check(request);
        if (!outcome.ok) rejectWith(reply, outcome.error);
      });
      guarded.addHook('onSend', async (_request, reply) => {
        if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
      });
      guarded.get<{ Params: { file: string } }>(`${prefix}/assets/:file`, (request, reply) => {
        const asset = assets.get(request.params.file);
        if (!asset) return reply.callNotFound();
        return reply.type(asset.type).header('cache-control', 'private, max-age=300').send(asset.body);
      });
      registerAdminApi(guarded, { prefix, hub, latency });
      guarded.route({
        method: 'GET',
        url: `${prefix}/live`,
        handler: async (request) => {
          throw httpErrorFromTable(errorTable, 'HALYARD_ERR_WS_UPGRADE_REQUIRED', {
            path: pathOf(request.url),
          });
        },
        wsHandler: (socket) => feed.add(socket),
      });
      // Unknown admin paths are answered here, behind the guard and with the admin's log
      // serializer, rather than by the app's not-found handler.
      guarded.all(`${prefix}/*`, (_request, reply) => reply.callNotFound());
    });
  }
}

/** State-changing methods: every one must come from the admin's own origin (no CSRF). */
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses a login, logout or command sent from another origin, before any credential is read: a
 * cross-site form could otherwise log the admin out, or post a command with the admin's cookie.
 */
function refuseCrossSite(request: FastifyRequest): void {
  if (safeMethods.has(request.method)) return;
  const origin = foreignSource(request);
  if (origin === undefined) return;
  const params = { method: request.method, path: pathOf(request.url), origin, expected: ownOrigin(request) };
  throw httpErrorFromTable(adminErrorTable, 'HALYARD_ERR_ADMIN_CROSS_SITE', params);
}

function wantsHtml(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('text/html');
}

/** Throws the error for core's problem+json handler; a 401 also says which scheme to use. */
function rejectWith(reply: FastifyReply, error: HttpError): never {
  if (error.status === 401) reply.header('www-authenticate', 'Bearer realm="halyard-admin"');
  throw error;
}

async function registerLogin(
  app: FastifyInstance,
  options: { prefix: string; auth: AdminAuth },
): Promise<void> {
  const { prefix, auth } = options;
  // Only this scope reads form bodies: the JSON API keeps answering 415 to anything but JSON.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 4_096 },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );
  app.post(`${prefix}/login`, async (request, reply) => {
    const token = (request.body as Record<string, unknown> | undefined)?.['token'];
    if (typeof token === 'string' && auth.matches(token))
      return reply
        .code(303)
        .header('set-cookie', loginCookie(token, { path: prefix, secure: request.protocol === 'https' }))
        .header('location', prefix)
        .send();
    request.log.info({ code: 'HALYARD_ERR_UNAUTHORIZED' }, 'admin login with a wrong token');
    return reply
      .code(401)
      .type(html)
      .header('cache-control', 'no-store')
      .header('content-security-policy', loginSecurityPolicy)
      .send(renderLoginPage({ prefix, message: 'Wrong token' }));
  });
  app.post(`${prefix}/logout`, async (_request, reply) =>
    reply.code(303).header('set-cookie', logoutCookie(prefix)).header('location', prefix).send(),
  );
}
