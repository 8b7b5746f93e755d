import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import t from 'tap';
import { UnauthorizedError, type Guard, type GuardContext } from '@halyard/core';
import { kObservers } from '@halyard/core/internal';
import { MetricsError, metrics } from '../src/index.js';
import { chatApp } from './fixtures.js';
import { drive } from './scenario.js';
import { thrownBy } from '../../integration/test/helpers/thrown-by.js';

interface ParsedMetric {
  name: string;
  type: string;
  metrics: Array<{
    labels?: Record<string, string>;
    value?: string;
    buckets?: Record<string, string>;
    count?: string;
  }>;
}

function series(
  families: ParsedMetric[],
  name: string,
): Array<{ labels: Record<string, string>; value: number }> {
  const family = families.find((candidate) => candidate.name === name);
  if (!family) throw new Error(`no family ${name}`);
  return family.metrics.map((metric) => ({
    labels: metric.labels ?? {},
    value: Number(metric.value ?? metric.count),
  }));
}

/** The value of the one series of `name` whose labels include `labels` (0 when there is none). */
function value(families: ParsedMetric[], name: string, labels: Record<string, string>): number {
  const found = series(families, name).filter((entry) =>
    Object.entries(labels).every(([key, expected]) => entry.labels[key] === expected),
  );
  return found.reduce((sum, entry) => sum + entry.value, 0);
}

/** The `halyard_ws_messages_total` series of one direction as sorted `type outcome value` lines. */
function messages(families: ParsedMetric[], direction: 'in' | 'out'): string[] {
  return series(families, 'halyard_ws_messages_total')
    .filter((entry) => entry.labels['direction'] === direction)
    .map((entry) => `${entry.labels['type']} ${entry.labels['outcome']} ${entry.value}`)
    .sort();
}

t.test('the endpoint serves the traffic in the Prometheus text format, counted exactly', async (t) => {
  const app = await chatApp([metrics({ defaultMetrics: true })]);
  t.teardown(() => app.close());
  const driven = await drive(app);
  t.equal(driven.refusedStatus, 403);

  const response = await app.inject({ method: 'GET', url: '/metrics' });
  t.equal(response.statusCode, 200);
  t.equal(response.headers['content-type'], 'text/plain; version=0.0.4; charset=utf-8');
  const families = parsePrometheusTextFormat(response.body) as ParsedMetric[];
  const byName = new Map(families.map((family) => [family.name, family.type]));
  t.strictSame(Object.fromEntries([...byName].filter(([name]) => name.startsWith('halyard_'))), {
    halyard_ws_connections: 'GAUGE',
    halyard_ws_connections_opened_total: 'COUNTER',
    halyard_ws_upgrades_refused_total: 'COUNTER',
    halyard_ws_messages_total: 'COUNTER',
    halyard_ws_handler_duration_seconds: 'HISTOGRAM',
    halyard_ws_received_bytes_total: 'COUNTER',
    halyard_ws_sent_bytes_total: 'COUNTER',
    halyard_ws_errors_total: 'COUNTER',
    halyard_ws_rate_limited_total: 'COUNTER',
    halyard_ws_slow_consumer_total: 'COUNTER',
    halyard_hub_publishes_total: 'COUNTER',
    halyard_hub_fanout_connections: 'HISTOGRAM',
    halyard_hub_delivery_lag_seconds: 'HISTOGRAM',
  });
  t.equal(byName.get('nodejs_eventloop_lag_seconds'), 'GAUGE', 'event-loop lag from the default metrics');

  t.strictSame(series(families, 'halyard_ws_connections'), [{ labels: { route: '/chat' }, value: 1 }]);
  t.strictSame(series(families, 'halyard_ws_connections_opened_total'), [
    { labels: { route: '/chat' }, value: 2 },
  ]);
  t.strictSame(series(families, 'halyard_ws_upgrades_refused_total'), [
    { labels: { route: '/chat', reason: 'HALYARD_ERR_FORBIDDEN' }, value: 1 },
  ]);
  t.strictSame(messages(families, 'in'), [
    'fail error 1',
    'other rejected 2',
    'refuse rejected 1',
    'say ok 3',
    'say rejected 1',
  ]);
  // ann also saw bob join and leave the lobby.
  t.strictSame(messages(families, 'out'), [
    'error sent 5',
    'presence.joined sent 1',
    'presence.left sent 1',
    'reply sent 3',
    'said sent 3',
  ]);
  t.strictSame(
    series(families, 'halyard_ws_errors_total')
      .map((entry) => `${entry.labels['code']} ${entry.value}`)
      .sort(),
    [
      'HALYARD_ERR_BAD_REQUEST 1',
      'HALYARD_ERR_INTERNAL 1',
      'HALYARD_ERR_VALIDATION 1',
      'HALYARD_ERR_WS_MALFORMED_JSON 1',
      'HALYARD_ERR_WS_UNKNOWN_TYPE 1',
    ],
  );
  const stats = app.halyard.hub.stats();
  t.equal(value(families, 'halyard_ws_received_bytes_total', { route: '/chat' }), stats.bytesIn);
  t.equal(value(families, 'halyard_ws_sent_bytes_total', { route: '/chat' }), stats.bytesOut);
  t.strictSame(series(families, 'halyard_hub_publishes_total'), [{ labels: { target: 'room' }, value: 3 }]);
  // (This parser merges the series of a labelled histogram; the histograms' counts are checked
  // through Prometheus itself in prometheus-scrape.test.ts.)
});

t.test('label values stay within the declared routes, types and a bounded set of codes', async (t) => {
  const app = await chatApp([metrics({ defaultMetrics: false, maxCodes: 2 })]);
  t.teardown(() => app.close());
  await drive(app);
  const body = (await app.inject('/metrics')).body;
  const families = parsePrometheusTextFormat(body) as ParsedMetric[];
  t.notOk(
    families.some((family) => family.name.startsWith('nodejs_')),
    'no default metrics when asked',
  );
  const codes = series(families, 'halyard_ws_errors_total').map((entry) => entry.labels['code']);
  // The refusal's HALYARD_ERR_FORBIDDEN took the first of the two codes, the validation error the second.
  t.strictSame(
    series(families, 'halyard_ws_upgrades_refused_total')[0]?.labels['reason'],
    'HALYARD_ERR_FORBIDDEN',
  );
  t.strictSame(new Set(codes), new Set(['HALYARD_ERR_VALIDATION', 'other']));
  t.equal(value(families, 'halyard_ws_errors_total', { code: 'other' }), 4);
  // The unknown type "nope" was never a label value.
  t.notOk(series(families, 'halyard_ws_messages_total').some((entry) => entry.labels['type'] === 'nope'));
  const lint = spawnSync('promtool', ['check', 'metrics'], { input: body, encoding: 'utf8' });
  t.strictSame(
    { status: lint.status, stdout: lint.stdout, stderr: lint.stderr },
    { status: 0, stdout: '', stderr: '' },
    "promtool check metrics: Prometheus's own linter finds nothing in Halyard's series (prom-client's default gauges named *_total it would flag)",
  );
});

class ScrapeGuard implements Guard {
  canActivate(context: GuardContext): boolean {
    const header = context.request.headers.authorization;
    if (header === undefined) throw new UnauthorizedError('Bearer token required');
    return header === 'Bearer scrape-secret';
  }
}

t.test('guards protect the endpoint like a route: 401, 403, then the text', async (t) => {
  const app = await chatApp([
    metrics({ path: '/internal/metrics', guards: [new ScrapeGuard()], defaultMetrics: false }),
  ]);
  t.teardown(() => app.close());
  const missing = await app.inject('/internal/metrics');
  t.equal(missing.statusCode, 401);
  t.equal(missing.json().code, 'HALYARD_ERR_UNAUTHORIZED');
  const wrong = await app.inject({ url: '/internal/metrics', headers: { authorization: 'Bearer nope' } });
  t.equal(wrong.statusCode, 403);
  t.strictSame(
    { code: wrong.json().code, detail: wrong.json().detail },
    { code: 'HALYARD_ERR_FORBIDDEN', detail: 'Access to /internal/metrics denied' },
  );
  const right = await app.inject({
    url: '/internal/metrics',
    headers: { authorization: 'Bearer scrape-secret' },
  });
  t.equal(right.statusCode, 200);
  t.match(right.body, /^# HELP halyard_ws_connections Open WebSocket connections/m);
  t.equal((await app.inject('/metrics')).statusCode, 404, 'only the configured path');
});

t.test('without the extension there is no endpoint and no observer', async (t) => {
  const app = await chatApp([]);
  t.teardown(() => app.close());
  t.equal((await app.inject('/metrics')).statusCode, 404);
  t.equal(app.halyard.hub[kObservers].active, false);
});

t.test('closing the app detaches the observer', async (t) => {
  const app = await chatApp([metrics({ defaultMetrics: false })]);
  t.equal(app.halyard.hub[kObservers].active, true);
  await app.close();
  t.equal(app.halyard.hub[kObservers].active, false);
});

t.test('bad options fail at boot with a coded error that says what to write', async (t) => {
  const cases: Array<[Parameters<typeof metrics>[0], string]> = [
    [
      { path: 'metrics' },
      'metrics options: path must start with "/" and hold no spaces, "?" or "#"; got "metrics"',
    ],
    [
      { guards: [{}] as unknown as Guard[] },
      'metrics options: guards must be an array of guard instances (objects with canActivate(context))',
    ],
    [{ maxCodes: 0 }, 'metrics options: maxCodes must be a positive integer; got 0'],
    [
      { durationBuckets: [1, 0.5] },
      'metrics options: durationBuckets must be a non-empty array of finite numbers in increasing order',
    ],
  ];
  for (const [options, message] of cases) {
    const error = thrownBy(() => metrics(options));
    t.ok(error instanceof MetricsError, message);
    t.strictSame(
      { code: (error as MetricsError).code, message: (error as MetricsError).message },
      {
        code: 'HALYARD_ERR_METRICS_OPTIONS_INVALID',
        message: `HALYARD_ERR_METRICS_OPTIONS_INVALID: ${message}`,
      },
    );
  }
});
