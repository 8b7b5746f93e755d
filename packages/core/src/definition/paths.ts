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
