import type { FastifyRequest } from 'fastify';
import type { GuardDefinition } from '../definition/app-definition.js';

/**
 * The upgrade request as a guard sees it during a `$auth` re-authentication: the new credential
 * sits where each guard's `static security` says it reads one (query key, header, cookie, or
 * `Authorization: Bearer`), so the guards users already wrote run unchanged. Guards without a
 * declared scheme read it from `context.credential`.
 */
export function requestWithCredential(
  request: FastifyRequest,
  guards: readonly GuardDefinition[],
  credential: string,
): FastifyRequest {
  const query: Record<string, unknown> = { ...(request.query as Record<string, unknown>) };
  const headers: Record<string, unknown> = { ...request.headers };
  for (const { security } of guards) {
    if (!security) continue;
    switch (security.type) {
      case 'http':
        headers['authorization'] = `${security.scheme === 'bearer' ? 'Bearer' : 'Basic'} ${credential}`;
        break;
      case 'apiKey':
        if (security.in === 'query') query[security.name] = credential;
        else if (security.in === 'header') headers[security.name.toLowerCase()] = credential;
        else headers['cookie'] = `${security.name}=${encodeURIComponent(credential)}`;
        break;
      default: {
        const exhaustive: never = security;
        throw new TypeError(`unhandled guard security ${JSON.stringify(exhaustive)}`);
      }
    }
  }
  // Own properties shadow the request's, which stays untouched for everyone else.
  return Object.create(request, {
    query: { value: query, enumerable: true },
    headers: { value: headers, enumerable: true },
  }) as FastifyRequest;
}
