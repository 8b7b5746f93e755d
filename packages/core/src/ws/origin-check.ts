import type { FastifyRequest } from 'fastify';
import type { ResolvedLimits } from './socket-limits.js';

/**
 * `scheme://host[:port]` in the form browsers send it (lower case, the scheme's default port
 * left out), or `undefined` when `value` is not an origin: not a URL, an opaque origin (`null`,
 * `file:`, `data:`), or one with a path, query, fragment or credentials.
 *
 * @example `normalizeOrigin('HTTPS://App.Example:443') // 'https://app.example'`
 */
export function normalizeOrigin(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch (error) {
    if (error instanceof TypeError) return undefined;
    throw error;
  }
  if (url.origin === 'null' || url.username !== '' || url.password !== '') return undefined;
  if (url.href !== `${url.origin}/` || value.endsWith('/')) return undefined;
  return url.origin;
}

/**
 * The origin of this app as the request reached it: `request.protocol` and `request.host`,
 * both of which honour Fastify's `trustProxy` (`X-Forwarded-Proto`, `X-Forwarded-Host`).
 */
function ownOrigin(request: FastifyRequest): string | undefined {
  const host = request.host;
  return host ? normalizeOrigin(`${request.protocol}://${host}`) : undefined;
}

/**
 * Whether the upgrade's `Origin` may connect: missing (per `allowMissingOrigin`), `'*'` listed,
 * the app's own origin (scheme, host and port all equal), or one of `allowedOrigins` (compared
 * exactly, both sides normalised). `https://host` is therefore refused for an `http://host` app.
 */
export function originAllowed(request: FastifyRequest, limits: ResolvedLimits): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return limits.allowMissingOrigin;
  if (limits.allowedOrigins.includes('*')) return true;
  const normalized = normalizeOrigin(origin);
  if (normalized === undefined) {
    request.log.info({ origin }, 'the Origin header is not an origin (scheme://host[:port])');
    return false;
  }
  return normalized === ownOrigin(request) || limits.allowedOrigins.includes(normalized);
}
