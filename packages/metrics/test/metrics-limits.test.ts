import 'reflect-metadata';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import t from 'tap';
import { Conn, Connection, createApp, OnMessage, WebSocket } from '@halyard/core';
import { connectSocket, type TestSocket } from '@halyard/core/testing';
import { metrics } from '../src/index.js';

interface Family {
  name: string;
  metrics: Array<{ labels?: Record<string, string>; value?: string }>;
}

@WebSocket('/limited', { rateLimit: { perSecond: 1, burst: 2, closeAfter: 100 } })
class LimitedSocket {
  @OnMessage('ping', { reply: null }) ping(): void {}
}

@WebSocket('/dropper', { sendHighWaterMark: 16 * 1024, slowConsumer: 'drop', rateLimit: false })
class DropSocket {
  @OnMessage('flood', { reply: null }) flood(@Conn() conn: Connection): void {
    const chunk = 'x'.repeat(64 * 1024);
    for (let index = 0; index < 400; index++) conn.send('chunk', chunk);
  }
}

@WebSocket('/firehose', { sendHighWaterMark: 16 * 1024, slowConsumer: 'close', rateLimit: false })
class FirehoseSocket {
  @OnMessage('flood', { reply: null }) flood(@Conn() conn: Connection): void {
    const chunk = 'x'.repeat(64 * 1024);
    for (let index = 0; index < 400 && conn.isOpen; index++) conn.send('chunk', chunk);
  }
}

function pause(socket: TestSocket): () => void {
  const raw = (socket.raw as unknown as { _socket: { pause(): void; resume(): void } })._socket;
  raw.pause();
  return () => raw.resume();
}

function valueOf(families: Family[], name: string, labels: Record<string, string>): number {
  const family = families.find((candidate) => candidate.name === name);
  return (family?.metrics ?? [])
    .filter((metric) => Object.entries(labels).every(([key, value]) => metric.labels?.[key] === value))
    .reduce((sum, metric) => sum + Number(metric.value), 0);
}

t.test(
  'rate-limited frames and slow-consumer drops and closes are counted as the hub counts them',
  async (t) => {
    const app = await createApp({
      controllers: [LimitedSocket, DropSocket, FirehoseSocket],
      fastify: { logger: false },
      extensions: [metrics({ defaultMetrics: false })],
    });
    t.teardown(() => app.close());

    const limited = await connectSocket(app, '/limited');
    for (let index = 0; index < 6; index++) limited.send('ping', {});
    await limited.next((frame) => frame.error?.code === 'HALYARD_ERR_WS_RATE_LIMITED');
    await limited.request('ping', {}).catch(() => undefined);

    const dropper = await connectSocket(app, '/dropper');
    const resumeDropper = pause(dropper);
    dropper.send('flood');
    await new Promise((resolve) => setTimeout(resolve, 300));
    resumeDropper();

    const firehose = await connectSocket(app, '/firehose');
    const resumeFirehose = pause(firehose);
    firehose.send('flood');
    await new Promise((resolve) => setTimeout(resolve, 300));
    resumeFirehose();
    t.equal((await firehose.closed).code, 1013);

    const stats = app.halyard.hub.stats();
    const families = parsePrometheusTextFormat((await app.inject('/metrics')).body) as Family[];
    const limitedCount = stats.routes['/limited']?.errors['HALYARD_ERR_WS_RATE_LIMITED'] ?? 0;
    t.ok(limitedCount >= 4, `${limitedCount} frames over the limit`);
    t.equal(valueOf(families, 'halyard_ws_rate_limited_total', { route: '/limited' }), limitedCount);
    t.equal(
      valueOf(families, 'halyard_ws_errors_total', {
        route: '/limited',
        code: 'HALYARD_ERR_WS_RATE_LIMITED',
      }),
      limitedCount,
    );
    const dropped = stats.routes['/dropper']?.dropped ?? 0;
    t.ok(dropped > 0, `${dropped} frames dropped`);
    t.equal(
      valueOf(families, 'halyard_ws_slow_consumer_total', { route: '/dropper', action: 'drop' }),
      dropped,
    );
    t.equal(
      valueOf(families, 'halyard_ws_messages_total', {
        route: '/dropper',
        direction: 'out',
        outcome: 'dropped',
      }),
      dropped,
    );
    t.equal(
      // `chunk` is not declared with @Emits, so it is counted as `other`.
      valueOf(families, 'halyard_ws_messages_total', { route: '/dropper', type: 'other', outcome: 'sent' }),
      400 - dropped,
    );
    t.equal(valueOf(families, 'halyard_ws_slow_consumer_total', { route: '/firehose', action: 'close' }), 1);
    t.equal(valueOf(families, 'halyard_ws_slow_consumer_total', { route: '/firehose', action: 'drop' }), 0);
    await limited.close();
    await dropper.close();
  },
);
