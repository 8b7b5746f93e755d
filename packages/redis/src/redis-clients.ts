import { Redis } from 'ioredis';

/** Which of the adapter's two connections: one for commands and publishes, one held by SUBSCRIBE. */
export type ClientRole = 'commands' | 'subscriber';

/** Reconnect delay: 100 ms doubling up to 2 s, forever (ioredis' own default caps at 5 s). */
export function reconnectDelay(attempt: number): number {
  return Math.min(50 * 2 ** Math.min(attempt, 6), 2_000);
}

/**
 * A client that fails fast instead of queueing: with Redis down a publish must not pile up in
 * memory and flush minutes later, so `enableOfflineQueue` is off and an interrupted command is not
 * retried. Subscriptions are restored by the adapter on `ready` (not by `autoResubscribe`), so it
 * can catch a failed SUBSCRIBE and knows when cross-instance delivery is live again.
 */
export function createRedisClient(options: {
  url: string;
  role: ClientRole;
  instanceId: string;
  commandTimeoutMs: number;
}): Redis {
  return new Redis(options.url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResubscribe: false,
    autoResendUnfulfilledCommands: false,
    commandTimeout: options.commandTimeoutMs,
    connectTimeout: options.commandTimeoutMs,
    retryStrategy: reconnectDelay,
    connectionName: `halyard:${options.instanceId}:${options.role}`,
  });
}

/** QUIT when connected (pending replies arrive first), otherwise drop the socket and stop reconnecting. */
export async function closeRedisClient(client: Redis): Promise<void> {
  if (client.status === 'ready') {
    try {
      await client.quit();
      return;
    } catch {
      // The connection broke during QUIT; disconnect() below still stops the reconnect loop.
    }
  }
  client.disconnect();
}

/** The url without its password, for logs and error messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}
