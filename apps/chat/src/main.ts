import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { redisAdapter } from '@halyard/redis';
import type { FastifyInstance } from 'fastify';
import { appOptions, createChatApp } from './app.js';

const port = Number(process.env['PORT'] ?? 3000);
const host = process.env['HOST'] ?? '127.0.0.1';

// With REDIS_URL set, run as many instances as you like behind a load balancer (docs/scaling.md).
const redisUrl = process.env['REDIS_URL'];
// REDIS_LOCAL_FALLBACK=1: if Redis cannot be reached at start, serve this instance's clients alone
// (with a logged warning) and join the others once Redis answers, instead of refusing to start.
const localFallback = process.env['REDIS_LOCAL_FALLBACK'] === '1';
// ADMIN_TOKEN opens /admin. Without it, in development a random one is made for this run and
// logged below; in production (NODE_ENV=production) the admin page is off: a secret does not
// belong in a production log. /docs is off in production too, by core's default: this demo does
// not pass docs: { enabled: true }, because a live console on a public server should be a choice.
const production = process.env['NODE_ENV'] === 'production';
function developmentToken(): string | undefined {
  return production ? undefined : randomBytes(12).toString('base64url');
}
const adminToken = process.env['ADMIN_TOKEN'] ?? developmentToken();
// METRICS=1 serves Prometheus metrics at /metrics (docs/observability.md). Unguarded here: in a
// real deployment keep it on an internal port or pass a guard.
const withMetrics = process.env['METRICS'] === '1';
// OTEL=1 traces upgrades, messages, hooks and hub publishes (docs/observability.md), exported over
// OTLP/HTTP to OTEL_EXPORTER_OTLP_ENDPOINT (default http://localhost:4318). The OpenTelemetry SDK
// belongs to the app, not to Halyard, and is tens of megabytes, so this app does not install it:
// `pnpm add @halyard/tracing @opentelemetry/api @opentelemetry/sdk-node
// @opentelemetry/exporter-trace-otlp-http @fastify/otel` first. Started before the app is created,
// so @fastify/otel attaches to its Fastify instance.
const tracingPackages = [
  '@halyard/tracing',
  '@opentelemetry/sdk-node',
  '@opentelemetry/exporter-trace-otlp-http',
  '@fastify/otel',
] as const;
interface Tracing {
  readonly register: (app: FastifyInstance) => Promise<void>;
  readonly shutdown: () => Promise<void>;
}
async function startTracing(): Promise<Tracing> {
  // Specifiers in variables: these packages are optional, so the build must not require them.
  const modules: Array<Record<string, unknown>> = [];
  for (const name of tracingPackages) {
    try {
      modules.push((await import(name)) as Record<string, unknown>);
    } catch (error) {
      throw new Error(
        `OTEL=1 needs the OpenTelemetry SDK, which this app does not install: pnpm add ${tracingPackages.join(' ')} @opentelemetry/api (${name}: ${(error as Error).message})`,
        { cause: error },
      );
    }
  }
  type Ctor = new (options?: object) => Record<string, unknown>;
  const [halyard, sdkNode, otlp, fastifyOtel] = modules as [
    { tracing: () => { register: (app: FastifyInstance) => Promise<void> } },
    { NodeSDK: Ctor },
    { OTLPTraceExporter: Ctor },
    { FastifyOtelInstrumentation: Ctor },
  ];
  const sdk = new sdkNode.NodeSDK({
    serviceName: 'halyard-chat',
    traceExporter: new otlp.OTLPTraceExporter(),
    instrumentations: [new fastifyOtel.FastifyOtelInstrumentation({ registerOnInitialization: true })],
  }) as { start: () => void; shutdown: () => Promise<void> };
  sdk.start();
  return { register: (app) => halyard.tracing().register(app), shutdown: () => sdk.shutdown() };
}
const tracer = process.env['OTEL'] === '1' ? await startTracing() : undefined;
// CHAT_TOKEN_SECRET signs the login tokens; every instance needs the same one. Unset, development
// uses a fixed key (tokens survive restarts) and production a random one for this process only:
// its tokens then work on this instance alone, which the warning below says.
const tokenSecret =
  process.env['CHAT_TOKEN_SECRET'] ?? (production ? randomBytes(32).toString('base64url') : undefined);
// CHAT_TOKEN_TTL_MS: how long a token is valid (default 15 minutes); the page refreshes it live.
const tokenTtl = process.env['CHAT_TOKEN_TTL_MS'];
// CHAT_MODERATOR_KEY: logging in with it makes a moderator (who may `kick`); default: the admin token.
const moderatorKey = process.env['CHAT_MODERATOR_KEY'] ?? adminToken;
const app = await createChatApp(
  redisUrl
    ? {
        websocket: {
          ...appOptions.websocket,
          adapter: redisAdapter({
            url: redisUrl,
            keyPrefix: process.env['REDIS_PREFIX'] ?? 'chat',
            onUnavailableAtStart: localFallback ? 'local' : 'fail',
          }),
        },
      }
    : {},
  {
    ...(adminToken === undefined ? {} : { adminToken }),
    metrics: withMetrics,
    ...(tokenSecret === undefined ? {} : { tokenSecret }),
    ...(tokenTtl === undefined ? {} : { tokenTtlMs: Number(tokenTtl) }),
    ...(moderatorKey === undefined ? {} : { moderatorKey }),
  },
);
// What createApp does with an extension; done here because tracing is optional in this app.
await tracer?.register(app);
if (production && !process.env['CHAT_TOKEN_SECRET'])
  app.log.warn('CHAT_TOKEN_SECRET is not set: login tokens are valid on this instance only, until it stops');
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    app.log.info({ signal }, 'shutting down');
    app.close().then(
      // Flushes the spans still batched before the process goes.
      async () => {
        await tracer?.shutdown();
        process.exit(0);
      },
      (error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
// Resolves with the address it listens on (`http://127.0.0.1:3000`, `http://[::1]:3000`): with
// PORT=0 that has the free port the OS chose, which is what we log.
const origin = await app.listen({ port, host });
const listening = Number(origin.slice(origin.lastIndexOf(':') + 1));
const served = [
  `${origin}/`,
  ...(app.hasRoute({ method: 'GET', url: '/docs' }) ? [`docs ${origin}/docs`] : []),
  ...(adminToken === undefined ? [] : [`admin ${origin}/admin`]),
  ...(withMetrics ? [`metrics ${origin}/metrics`] : []),
  ...(tracer ? ['traces over OTLP'] : []),
];
app.log.info({ port: listening, redis: redisUrl ? 'redis' : 'memory' }, `chat ready: ${served.join(' · ')}`);
if (!process.env['ADMIN_TOKEN'] && adminToken !== undefined)
  app.log.info(
    `admin token for this run: ${adminToken} (set ADMIN_TOKEN to choose one; it is the moderator key too unless CHAT_MODERATOR_KEY is set)`,
  );
