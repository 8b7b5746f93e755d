/** Code-unit order, the same on every machine and locale: what both document generators sort by. */
export const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** An object whose keys come in `byText` order, so a document serialises the same every time. */
export function sortedRecord<T>(entries: Iterable<readonly [string, T]>): Record<string, T> {
  return Object.fromEntries([...entries].sort(([a], [b]) => byText(a, b)));
}

/** Fastify `/rooms/:id` (optionally `:id(^\\d+)`) → `/rooms/{id}`, an OpenAPI path or AsyncAPI address. */
export function pathTemplate(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)(\([^)]*\))?/g, '{$1}');
}
