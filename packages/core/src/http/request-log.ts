import type { FastifyRequest, FastifyServerOptions } from 'fastify';
import type { AppDefinition } from '../definition/app-definition.js';
import { guardQueryKeys } from '../guards/guard-runner.js';

/**
 * Query parameters whose values are credentials by convention (RFC 6750's `access_token`, the
 * usual browser WebSocket `token`): redacted in request logs even when no guard declares them.
 */
export const conventionalCredentialKeys: readonly string[] = Object.freeze([
  'access_token',
  'api_key',
  'apikey',
  'password',
  'secret',
  'token',
]);

/** The query keys redacted in request logs: the conventional ones and every guard's declared one. */
export function credentialQueryKeys(definition: AppDefinition): ReadonlySet<string> {
  return new Set([
    ...conventionalCredentialKeys,
    ...definition.routes.flatMap((route) => guardQueryKeys(route.guards)),
    ...definition.sockets.flatMap((socket) => guardQueryKeys(socket.guards)),
  ]);
}

/**
 * `url` with the value of every query parameter named in `keys` replaced by `[redacted]`, the
 * rest as it came. One pass over the query; a malformed escape leaves that name as it is.
 *
 * @example `redactQuery('/game/1?name=ann&token=s3cret', new Set(['token'])) // '/game/1?name=ann&token=[redacted]'`
 */
export function redactQuery(url: string, keys: ReadonlySet<string>): string {
  const start = url.indexOf('?');
  if (start === -1) return url;
  const parts = url.slice(start + 1).split('&');
  let changed = false;
  for (let index = 0; index < parts.length; index++) {
    const part = parts[index] as string;
    const equals = part.indexOf('=');
    // URLSearchParams decodes `+` and `%xx` leniently (no throw on a malformed escape).
    const name = [...new URLSearchParams(equals === -1 ? part : part.slice(0, equals)).keys()][0];
    if (equals === -1 || name === undefined || !keys.has(name)) continue;
    parts[index] = `${part.slice(0, equals)}=[redacted]`;
    changed = true;
  }
  return changed ? `${url.slice(0, start)}?${parts.join('&')}` : url;
}

/**
 * Fastify's default `req` log fields, with credentials in the query redacted. Installed by
 * `createApp` unless the app brings its own logger instance or its own `req` serializer.
 */
function requestSerializer(keys: ReadonlySet<string>): (request: FastifyRequest) => Record<string, unknown> {
  return (request) => ({
    method: request.method,
    url: redactQuery(request.url, keys),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  });
}

/**
 * The Fastify options `createApp` uses: pino at `info` (or `LOG_LEVEL`) when neither `logger` nor
 * `loggerInstance` is given (Fastify 5 refuses both together), and in any pino options object the
 * redacting `req` serializer unless one is set. `logger: false`, `true` and `loggerInstance` are
 * left as they are.
 */
export function withRequestLog(
  given: FastifyServerOptions = {},
  keys: ReadonlySet<string>,
): FastifyServerOptions {
  if (given.loggerInstance !== undefined || typeof given.logger === 'boolean') return given;
  const logger = (given.logger ?? { level: process.env['LOG_LEVEL'] ?? 'info' }) as {
    serializers?: Record<string, unknown>;
  };
  if (logger.serializers?.['req'] !== undefined) return given;
  return {
    ...given,
    logger: { ...logger, serializers: { ...logger.serializers, req: requestSerializer(keys) } },
  } as FastifyServerOptions;
}
