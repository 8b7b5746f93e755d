import 'reflect-metadata';
import t, { type Test } from 'tap';
import { FastifyOtelInstrumentation } from '@fastify/otel';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { OnMessage, UseGuards, WebSocket, type Class } from '@halyard/core';
import { connectSocket } from '@halyard/core/testing';
import { tracedApp } from './fixtures.js';
import {
  forbidden,
  plainView,
  refusedGuardAttributes,
  spanNames,
  spansNamed,
  view,
  type SpanView,
} from './otel-setup.js';

// The real Fastify instrumentation, set up as its README says for an app that does not create the
// Fastify instance itself (createApp does): it attaches to every instance when it is created.
function instrumentedApp(t: Test, controllers?: readonly Class[]) {
  return tracedApp(t, {
    controllers,
    beforeCreate: (provider) => {
      const otel = new FastifyOtelInstrumentation({ registerOnInitialization: true });
      otel.setTracerProvider(provider);
      t.teardown(() => otel.disable());
    },
  });
}

/** The view of @fastify/otel's request span for a route, answered with `status`, with Halyard's `extra`. */
const requestView = (
  route: { method: string; path: string; handler: string },
  status: number,
  extra: Record<string, string> = {},
) =>
  plainView({
    name: 'request',
    kind: SpanKind.SERVER,
    parent: undefined,
    attributes: {
      ...fastifyAttributes(route.method, route.path),
      'halyard.handler': route.handler,
      ...extra,
      'http.response.status_code': status,
    },
  });

/** The view of @fastify/otel's request span for a socket route, answered with 101. */
const upgradeRequestView = (path: string, handler: string) =>
  requestView({ method: 'GET', path, handler }, 101);

const fastifyAttributes = (method: string, path: string) => ({
  'fastify.root': '@fastify/otel',
  'http.request.method': method,
  'url.path': path,
  'http.route': path,
});

/** The view of Halyard's upgrade span under that request span, with the attributes of its outcome. */
const upgradeView = (path: string, handler: string, outcome: Record<string, string>) =>
  plainView({
    name: `upgrade ${path}`,
    kind: SpanKind.INTERNAL,
    parent: 'request',
    attributes: {
      'halyard.route': path,
      'halyard.handler': handler,
      'network.protocol.name': 'websocket',
      ...outcome,
    },
  });

/**
 * Checks the request span of an upgrade to `socket.path` and Halyard's upgrade span under it, and
 * returns the view of the span named `next` (found under the same names).
 */
async function upgradeUnderRequest(
  t: Test,
  exporter: InMemorySpanExporter,
  socket: { path: string; handler: string; outcome: Record<string, string>; next: string },
): Promise<SpanView> {
  const { path, handler } = socket;
  const [request, upgrade, next] = await spansNamed(exporter, ['request', `upgrade ${path}`, socket.next]);
  const names = spanNames([request, upgrade]);
  t.strictSame(view(request, names), upgradeRequestView(path, handler));
  t.strictSame(view(upgrade, names), upgradeView(path, handler, socket.outcome));
  return view(next, names);
}

t.test(
  "@fastify/otel: Halyard's handler and validation attributes go on its request span, not a hook's",
  async (t) => {
    const { app, exporter } = await instrumentedApp(t);
    t.equal((await app.inject({ method: 'POST', url: '/notes', payload: { text: 'hi' } })).statusCode, 201);
    t.equal((await app.inject({ method: 'POST', url: '/notes', payload: { text: 5 } })).statusCode, 400);
    const requests = exporter.getFinishedSpans().filter((span) => span.name === 'request');
    const notes = { method: 'POST', path: '/notes', handler: 'NotesController.create' };
    t.strictSame(
      requests.map((span) => ({
        ...view(span),
        events: span.events.map((event) => [event.name, event.attributes]),
      })),
      [
        requestView(notes, 201),
        {
          ...requestView(notes, 400, { 'halyard.error.code': 'HALYARD_ERR_VALIDATION' }),
          // @fastify/otel marks every error it sees; Halyard adds its code and the count.
          status: SpanStatusCode.ERROR,
          events: [
            ['halyard.validation.failed', { 'halyard.validation.errors': 2 }],
            ['exception', requests[1]?.events[1]?.attributes],
          ],
        },
      ],
    );
    const halyardOnHooks = exporter
      .getFinishedSpans()
      .filter(
        (span) =>
          span.name !== 'request' && Object.keys(span.attributes).some((key) => key.startsWith('halyard.')),
      );
    t.strictSame(halyardOnHooks, [], "no hook or handler span carries Halyard's attributes");
    t.equal(
      exporter.getFinishedSpans().filter((span) => span.kind === SpanKind.SERVER).length,
      2,
      'one server span per request: Halyard adds no HTTP span tree of its own',
    );
  },
);

t.test(
  '@fastify/otel: the upgrade span is a child of its request span, which Halyard ends at 101',
  async (t) => {
    const { app, exporter } = await instrumentedApp(t);
    const ann = await connectSocket(app, '/chat');
    await ann.request('say', { text: 'x' });
    const connect = await upgradeUnderRequest(t, exporter, {
      path: '/chat',
      handler: 'ChatSocket',
      outcome: { 'halyard.outcome': 'ok' },
      next: 'OnConnect /chat',
    });
    t.equal(connect.parent, 'upgrade /chat');
    t.equal(
      exporter.getFinishedSpans().filter((span) => span.kind === SpanKind.SERVER).length,
      1,
      'the upgrade is one server span',
    );
  },
);

class ClosedDoorGuard {
  canActivate(): boolean {
    return false;
  }
}

/** A refusal a browser can read: the upgrade completes (101) and the socket closes at once with 4403. */
@WebSocket('/door', { refuseWith: 'close', heartbeat: false })
@UseGuards(ClosedDoorGuard)
class DoorSocket {
  @OnMessage('knock', { reply: null }) knock(): void {}
}

t.test(
  "@fastify/otel: a refusal under refuseWith 'close' still ends the request span (101) and the upgrade span",
  async (t) => {
    const { app, exporter } = await instrumentedApp(t, [DoorSocket]);
    const socket = await connectSocket(app, '/door');
    t.strictSame(await socket.closed, { code: 4403, reason: 'Access denied by ClosedDoorGuard' });
    const guard = await upgradeUnderRequest(t, exporter, {
      path: '/door',
      handler: 'DoorSocket',
      outcome: { 'halyard.outcome': 'rejected', ...forbidden },
      next: 'guard ClosedDoorGuard',
    });
    t.strictSame(guard.parent, 'upgrade /door');
    t.strictSame(guard.attributes, refusedGuardAttributes('ClosedDoorGuard'));
  },
);
