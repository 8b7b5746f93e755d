const maxDepth = 8;
const maxItems = 200;
const maxString = 2_000;

/**
 * A JSON-safe copy of anything an app may keep on a connection (metadata, identity, presence):
 * cycles, bigints, functions, Maps, Sets, buffers and class instances would otherwise make the
 * whole admin answer fail to serialise. Deep or huge values are cut, with a marker saying so.
 */
export function toPlain(value: unknown): unknown {
  return copy(value, new WeakSet(), 0);
}

function copy(value: unknown, path: WeakSet<object>, depth: number): unknown {
  switch (typeof value) {
    case 'string':
      return value.length > maxString ? `${value.slice(0, maxString)}… (${value.length} characters)` : value;
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'boolean':
    case 'undefined':
      return value;
    case 'bigint':
      return `${value}n`;
    case 'symbol':
      return value.toString();
    case 'function':
      return `[Function ${value.name || 'anonymous'}]`;
    case 'object':
      return value === null ? null : copyObject(value, path, depth);
  }
}

function copyObject(value: object, path: WeakSet<object>, depth: number): unknown {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (ArrayBuffer.isView(value)) return `[${value.constructor.name} ${value.byteLength} bytes]`;
  if (value instanceof Error) return { name: value.name, message: value.message };
  if (path.has(value)) return '[Circular]';
  if (depth >= maxDepth) return '[Too deep]';
  path.add(value);
  try {
    if (Array.isArray(value) || value instanceof Set) return copyList([...value], path, depth);
    if (value instanceof Map)
      return copyEntries(
        [...value].map(([key, item]) => [String(key), item]),
        path,
        depth,
      );
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return copy(toJSON.call(value), path, depth + 1);
    return copyEntries(Object.entries(value), path, depth);
  } finally {
    path.delete(value);
  }
}

function copyList(items: unknown[], path: WeakSet<object>, depth: number): unknown[] {
  const out = items.slice(0, maxItems).map((item) => {
    const plain = copy(item, path, depth + 1);
    return plain === undefined ? null : plain;
  });
  if (items.length > maxItems) out.push(`… ${items.length - maxItems} more`);
  return out;
}

function copyEntries(entries: Array<[string, unknown]>, path: WeakSet<object>, depth: number): object {
  const out: Record<string, unknown> = {};
  for (const [key, item] of entries.slice(0, maxItems)) {
    const plain = copy(item, path, depth + 1);
    // defineProperty, so a "__proto__" key stays a key instead of replacing the prototype.
    if (plain !== undefined)
      Object.defineProperty(out, key, { value: plain, enumerable: true, writable: true, configurable: true });
  }
  if (entries.length > maxItems) out['…more'] = `${entries.length - maxItems} more keys`;
  return out;
}
