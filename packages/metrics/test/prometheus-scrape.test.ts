import 'reflect-metadata';
import { existsSync } from 'node:fs';
import t from 'tap';
import { metrics } from '../src/index.js';
import { chatApp } from './fixtures.js';
import { PrometheusServer, prometheusBinary } from './prometheus-server.js';
import { drive } from './scenario.js';

// No skip without Prometheus: .ci/run and the CI workflow install Debian's package.
t.ok(existsSync(prometheusBinary), `${prometheusBinary} exists (apt-get install prometheus)`);

t.test('a real Prometheus scrapes the endpoint and its queries see the exact counts', async (t) => {
  const app = await chatApp([metrics({ path: '/metrics' })]);
  t.teardown(() => app.close());
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await drive(app);

  const prometheus = await PrometheusServer.start({ host: '127.0.0.1', port, path: '/metrics' });
  t.teardown(() => prometheus.stop());

  const expectations: Array<[string, number]> = [
    ['sum(halyard_ws_messages_total{direction="in",outcome="ok"})', 3],
    ['sum(halyard_ws_messages_total{direction="in",outcome="rejected"})', 4],
    ['sum(halyard_ws_messages_total{direction="in",outcome="error"})', 1],
    ['sum(halyard_ws_messages_total{direction="out",type="said"})', 3],
    ['sum(halyard_ws_connections{route="/chat"})', 1],
    ['sum(halyard_ws_connections_opened_total)', 2],
    ['sum(halyard_ws_upgrades_refused_total{reason="HALYARD_ERR_FORBIDDEN"})', 1],
    ['sum(halyard_ws_errors_total{code="HALYARD_ERR_VALIDATION"})', 1],
    ['sum(halyard_ws_errors_total{code="HALYARD_ERR_INTERNAL"})', 1],
    ['sum(halyard_ws_handler_duration_seconds_count{type="say",outcome="ok"})', 3],
    ['sum(halyard_ws_handler_duration_seconds_count)', 8],
    ['sum(halyard_hub_fanout_connections_count{target="room"})', 3],
    ['sum(halyard_hub_fanout_connections_bucket{target="room",le="0"})', 0],
    ['sum(halyard_hub_fanout_connections_bucket{target="room",le="1"})', 3],
    ['sum(halyard_hub_fanout_connections_sum)', 3],
    ['count(nodejs_eventloop_lag_seconds)', 1],
  ];
  // The first query waits for a scrape; the others then read the same samples.
  t.equal(await prometheus.until(expectations[0]?.[0] ?? '', 3), 3, expectations[0]?.[0]);
  for (const [promql, expected] of expectations.slice(1))
    t.equal(await prometheus.until(promql, expected), expected, promql);

  const stats = app.halyard.hub.stats();
  t.equal(
    await prometheus.until('sum(halyard_ws_received_bytes_total)', stats.bytesIn),
    stats.bytesIn,
    'bytes in as hub.stats()',
  );
  t.equal(
    await prometheus.until('sum(halyard_ws_sent_bytes_total)', stats.bytesOut),
    stats.bytesOut,
    'bytes out as hub.stats()',
  );
  // The median of `say` as a dashboard computes it from the buckets: a duration within their range.
  const median = await prometheus.scalar(
    'histogram_quantile(0.5, sum by (le) (halyard_ws_handler_duration_seconds_bucket{type="say",outcome="ok"}))',
  );
  t.ok(
    median !== undefined && median > 0 && median <= 10,
    `median of say is a duration in seconds (${String(median)})`,
  );
  t.strictSame(await prometheus.targetHealth(), ['up'], 'the target is healthy');
});
