/** Query parameters of a generated call or socket URL; `undefined` and `null` values are left out. */
export type RestQuery = { readonly [name: string]: unknown } | undefined;

/** Path parameters: each fills a `{name}` (OpenAPI) or `:name` (fastify) segment. */
export type RestParams = { readonly [name: string]: string | number };

/**
 * `address` with its `{name}` / `:name` segments filled in, each value URI-encoded.
 *
 * @example
 * ```ts
 * fillPath('/api/rooms/{id}', { id: 'a b' }); // '/api/rooms/a%20b'
 * ```
 */
export function fillPath(address: string, params: RestParams): string {
  return address.replace(
    /\{([^}]+)\}|:(\w+)/g,
    (_whole, braced: string | undefined, colon: string | undefined) => {
      const value = params[(braced ?? colon) as string];
      if (value === undefined)
        throw new TypeError(`missing path parameter "${braced ?? colon}" of ${address}`);
      return encodeURIComponent(String(value));
    },
  );
}

/**
 * `?a=1&b=2` for the defined values (an array repeats its name, a `Date` is written as ISO 8601),
 * `''` when there are none.
 *
 * @example
 * ```ts
 * queryString({ tag: ['a', 'b'], limit: 10, after: undefined }); // '?tag=a&tag=b&limit=10'
 * ```
 */
export function queryString(query: RestQuery): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === undefined || item === null) continue;
      search.append(name, item instanceof Date ? item.toISOString() : String(item));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * The URL of a socket of a generated client module: its path filled in and its query written,
 * relative to the page, or absolute against `base`.
 *
 * @example
 * ```ts
 * socketUrl({ address: '/ws/rooms/:room', params: { room: 'lobby' }, query: undefined, base: undefined });
 * // '/ws/rooms/lobby'
 * ```
 */
export function socketUrl(target: {
  readonly address: string;
  readonly params: RestParams;
  readonly query: RestQuery;
  readonly base: string | undefined;
}): string {
  const path = fillPath(target.address, target.params) + queryString(target.query);
  return target.base === undefined ? path : new URL(path, target.base).href;
}
