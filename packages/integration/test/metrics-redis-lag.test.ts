import 'reflect-metadata';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import t from 'tap';
import { connectSocket } from '@halyard/core/testing';
import { metrics } from '@halyard/metrics';
import { redisChatApp } from './helpers/redis-chat-app.js';
import { deleteKeysUnder, uniquePrefix } from './helpers/redis-test-keys.js';

interface Family {
  name: string;
  metrics: Array<{
    labels?: Record<string, string>;
    value?: string;
    count?: string;
    buckets?: Record<string, string>;
  }>;
}

async function scrape(
  app: Awaited<ReturnType<typeof redisChatApp>>,
): Promise<{ text: string; families: Family[] }> {
  const text = (await app.inject('/metrics')).body;
  return { text, families: parsePrometheusTextFormat(text) as Family[] };
}

/** A sample line's value, read from the text (the parser merges labelled histogram series). */
function sample(text: string, line: string): number | undefined {
  const found = text.split('\n').find((candidate) => candidate.startsWith(`${line} `));
  return found === undefined ? undefined : Number(found.slice(line.length + 1));
}

// No skip when Redis is down: start() rejects with HALYARD_ERR_REDIS_UNAVAILABLE and the test fails.
t.test('a push that crosses instances over Redis is measured as delivery lag on the receiver', async (t) => {
  const keyPrefix = uniquePrefix('metrics-lag');
  t.teardown(() => deleteKeysUnder(keyPrefix));
  const make = () => redisChatApp(t, keyPrefix, [metrics({ defaultMetrics: false })]);
  const a = await make();
  const b = await make();

  const ann = await connectSocket(a, '/chat');
  const bob = await connectSocket(b, '/chat');
  const before = Date.now();
  for (const text of ['one', 'two']) ann.send('say', { text });
  for (let index = 0; index < 2; index++) await bob.nextPush('said');
  const elapsed = (Date.now() - before) / 1000;

  const onA = await scrape(a);
  const onB = await scrape(b);
  t.equal(
    sample(onB.text, 'halyard_hub_delivery_lag_seconds_count{target="room"}'),
    2,
    'two deliveries from A',
  );
  const lagSum = sample(onB.text, 'halyard_hub_delivery_lag_seconds_sum{target="room"}') ?? -1;
  t.ok(
    lagSum >= 0 && lagSum <= 2 * elapsed + 0.01,
    `lag sum ${lagSum} s is within the ${elapsed} s the pushes took`,
  );
  t.equal(
    sample(onA.text, 'halyard_hub_delivery_lag_seconds_count{target="room"}'),
    undefined,
    'A delivers its own publishes locally: no lag',
  );
  // A's local delivery reached no one (ann is excepted); B's reached bob.
  t.equal(sample(onA.text, 'halyard_hub_fanout_connections_bucket{le="0",target="room"}'), 2);
  t.equal(sample(onB.text, 'halyard_hub_fanout_connections_bucket{le="0",target="room"}'), 0);
  t.equal(sample(onB.text, 'halyard_hub_fanout_connections_bucket{le="1",target="room"}'), 2);
  const publishes = (families: Family[]) =>
    families
      .find((family) => family.name === 'halyard_hub_publishes_total')
      ?.metrics.map((metric) => metric.value) ?? [];
  t.strictSame(publishes(onA.families), ['2']);
  t.strictSame(publishes(onB.families), [], 'B published nothing');
  await ann.close();
  await bob.close();
});
