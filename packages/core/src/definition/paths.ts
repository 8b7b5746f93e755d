import { HalyardError } from '../errors.js';
import type { ParamDefinition } from './app-definition.js';
import { dtoPropertyNames } from './type-resolution.js';

/** Joins a controller prefix and a route path into one normalised Fastify path. */
export function joinPath(prefix: string, path: string): string {
  const joined = `/${prefix}/${path}`.replace(/\/{2,}/g, '/');
  return joined.length > 1 && joined.endsWith('/') ? joined.slice(0, -1) : joined;
}

/** Path parameter names (`/rooms/:id/messages/:mid` → `['id', 'mid']`). */
export function pathParams(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((match) => match[1] as string);
}

/** The route's identity for duplicate detection: `/a/:x` and `/a/:y` are the same route to Fastify. */
export function routeKey(method: string, path: string): string {
  return `${method} ${path.replace(/:[A-Za-z0-9_]+/g, ':')}`;
}

/**
 * Checks a handler's `@Param` parameters against its path at boot, for HTTP routes and sockets
 * alike: every `@Param('x')` needs a `:x`, and a `@Param()` DTO must declare every `:x` (an
 * undeclared one would fail, or be stripped from, every request).
 *
 * @example assertPathParams(params, '/rooms/:id', { target: 'RoomController.get', label: 'GET /rooms/:id' })
 */
export function assertPathParams(
  params: readonly ParamDefinition[],
  path: string,
  context: {
    readonly target: string;
    /** How the route is named in the message: `GET /rooms/:id`, or the path for a socket. */
    readonly label: string;
  },
): void {
  const { target, label } = context;
  const declared = new Set(pathParams(path));
  for (const param of params) {
    if (param.kind === 'param' && param.name !== undefined && !declared.has(param.name)) {
      throw new HalyardError('HALYARD_ERR_ROUTE_CONFLICT', {
        target,
        detail: `@Param('${param.name}') has no matching :${param.name} in ${label}`,
      });
    }
  }
  for (const param of params) {
    if (param.kind !== 'param' || param.name !== undefined || param.type.kind !== 'dto') continue;
    const declaredByDto = new Set(dtoPropertyNames(param.type.type));
    const missing = [...declared].filter((name) => !declaredByDto.has(name));
    if (missing.length > 0) {
      throw new HalyardError('HALYARD_ERR_ROUTE_CONFLICT', {
        target,
        detail: `@Param() ${param.type.type.name} does not declare ${missing.map((name) => `:${name}`).join(', ')} of ${label}; add a decorated property for every path parameter`,
      });
    }
  }
}
