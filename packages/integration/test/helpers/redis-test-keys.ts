import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

export const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/** A key prefix no other test run uses, so files can share the one Redis concurrently. */
export function uniquePrefix(label: string): string {
  return `halyard-test:${label}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/** A client that fails at once instead of retrying: an unreachable Redis fails the test. */
function oneShotClient(): Redis {
  return new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
}

/** Keys under a prefix; rejects (and so fails the test) when Redis is unreachable. */
export async function keysUnder(prefix: string): Promise<string[]> {
  const client = oneShotClient();
  try {
    await client.connect();
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await client.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0');
    return keys.sort();
  } finally {
    client.disconnect();
  }
}

/** Deletes every key under a prefix (teardown after a test that may have left presence behind). */
export async function deleteKeysUnder(prefix: string): Promise<void> {
  const keys = await keysUnder(prefix);
  if (keys.length === 0) return;
  const client = oneShotClient();
  try {
    await client.connect();
    await client.del(...keys);
  } finally {
    client.disconnect();
  }
}
