import type { FastifyRequest } from 'fastify';

/**
 * Where a browser request comes from, for the admin's same-origin rules. The origin the admin is
 * served from is the request's own scheme, host and port (`request.protocol` and `request.host`,
 * which honour Fastify's `trustProxy` for `X-Forwarded-Proto` / `X-Forwarded-Host`).
 */
export function ownOrigin(request: FastifyRequest): string {
  try {
    return new URL(`${request.protocol}://${request.host}`).origin;
  } catch {
    return `${request.protocol}://${request.host}`;
  }
}

/** `Sec-Fetch-Site` values of a request the admin's own page (or the user, typing a URL) made. */
const ownFetchSites = new Set(['same-origin', 'none']);

/**
 * What a request from elsewhere says about where it comes from, or `undefined` when it comes from
 * the admin's own origin or says nothing. The `Origin` header is compared exactly (scheme, host
 * and port; `null` is foreign); without it, a `Sec-Fetch-Site` other than `same-origin` or `none`
 * is foreign (`same-site` too: a sibling subdomain is not the admin). A request with neither is a
 * tool's (curl, a script): browsers send `Origin` on every POST and on WebSocket upgrades.
 *
 * @example `foreignSource(request) // 'https://evil.example', or undefined`
 */
export function foreignSource(request: FastifyRequest): string | undefined {
  const origin = request.headers.origin;
  if (origin !== undefined) {
    let parsed: string;
    try {
      parsed = new URL(origin).origin;
    } catch {
      return origin;
    }
    return parsed === ownOrigin(request) ? undefined : origin;
  }
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string' && !ownFetchSites.has(site)) return `a ${site} page (Sec-Fetch-Site)`;
  return undefined;
}

/** The path of a request URL without its query string: what the admin echoes and logs. */
export function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/**
 * The `req` log serializer of the admin's routes: Fastify's default fields, with the URL's query
 * string left out, so nothing a client put there (a token pasted into a link) reaches the logs.
 */
export function adminRequestSerializer(request: FastifyRequest): Record<string, unknown> {
  return {
    method: request.method,
    url: pathOf(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}
