/** A query parameter value; `undefined` leaves the parameter out, an array repeats it. */
export type QueryValue = string | number | boolean | undefined | readonly (string | number | boolean)[];

/** Query parameters appended to the URL of every connection attempt. */
export type QueryParams = Readonly<Record<string, QueryValue>>;

/**
 * The URL of one attempt: `http(s)` becomes `ws(s)`, a relative URL is resolved against the
 * page in a browser, and the query parameters are appended.
 */
export function buildUrl(url: string | URL, query: QueryParams | undefined): string {
  const base = typeof location === 'undefined' ? undefined : location.href;
  const target = new URL(String(url), base);
  if (target.protocol === 'http:') target.protocol = 'ws:';
  else if (target.protocol === 'https:') target.protocol = 'wss:';
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    const values = Array.isArray(value) ? value : [value];
    for (const item of values) target.searchParams.append(name, String(item));
  }
  return target.href;
}
