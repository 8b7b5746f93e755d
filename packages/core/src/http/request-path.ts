/**
 * The URL without its query string: what a problem's `instance`, `detail` and log message may
 * name. A query often carries a credential (`?token=`, the usual way a browser WebSocket
 * authenticates), and an error answer must not echo it.
 */
export function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
