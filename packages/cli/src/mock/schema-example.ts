type Doc = Record<string, unknown>;

function isRecord(value: unknown): value is Doc {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deeper than any payload nests; past it a value is `null`. */
const maxDepth = 16;

/**
 * A value that fits a JSON Schema, for a documented message without examples: its `examples`,
 * `default`, `const` or first `enum` value, else one built from its type (required properties only).
 */
export function exampleOf(doc: Doc, schema: unknown, depth = 0): unknown {
  if (depth > maxDepth || !isRecord(schema)) return null;
  if (typeof schema['$ref'] === 'string') {
    const ref = schema['$ref'];
    if (!ref.startsWith('#/')) return null;
    const target = ref
      .slice(2)
      .split('/')
      .map((part) => decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<unknown>((node, key) => (isRecord(node) ? node[key] : undefined), doc);
    return exampleOf(doc, target, depth + 1);
  }
  if (Array.isArray(schema['examples']) && schema['examples'].length > 0) return schema['examples'][0];
  if ('default' in schema) return schema['default'];
  if ('const' in schema) return schema['const'];
  if (Array.isArray(schema['enum'])) return schema['enum'][0] ?? null;
  const variants = schema['oneOf'] ?? schema['anyOf'] ?? schema['allOf'];
  if (Array.isArray(variants)) return exampleOf(doc, variants[0], depth + 1);
  const type = Array.isArray(schema['type']) ? schema['type'][0] : schema['type'];
  switch (type) {
    case 'string':
      return schema['format'] === 'date-time' ? '2026-01-01T00:00:00.000Z' : 'example';
    case 'integer':
    case 'number':
      return typeof schema['minimum'] === 'number' ? schema['minimum'] : 0;
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'null':
      return null;
    default: {
      if (type !== 'object' && !isRecord(schema['properties'])) return null;
      const properties = isRecord(schema['properties']) ? schema['properties'] : {};
      const required = Array.isArray(schema['required']) ? schema['required'].map(String) : [];
      return Object.fromEntries(
        required
          .filter((name) => name in properties)
          .map((name) => [name, exampleOf(doc, properties[name], depth + 1)]),
      );
    }
  }
}
