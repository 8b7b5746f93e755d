import { patternExamples } from '../schema/constraint-schemas.js';
import type { JsonSchema } from '../schema/json-schema-builder.js';
import { schemaRefPrefix } from './envelope-schemas.js';

/** Returned inside the walk when no value can be promised to match (a `pattern`, a recursive DTO). */
const unsatisfiable = Symbol('unsatisfiable');
type Value = unknown;

const formatValues: Readonly<Record<string, string>> = {
  'date-time': '2026-01-01T00:00:00.000Z',
  date: '2026-01-01',
  email: 'user@example.com',
  uuid: '00000000-0000-4000-8000-000000000000',
  uri: 'https://example.com',
  hostname: 'example.com',
  ipv4: '192.0.2.1',
  ipv6: '2001:db8::1',
};

const num = (schema: JsonSchema, key: string): number | undefined => {
  const value = schema[key];
  return typeof value === 'number' ? value : undefined;
};

function stringValue(schema: JsonSchema): string | typeof unsatisfiable {
  const min = num(schema, 'minLength') ?? 0;
  const max = num(schema, 'maxLength') ?? Number.POSITIVE_INFINITY;
  const pattern = schema['pattern'];
  if (pattern !== undefined) {
    const known = typeof pattern === 'string' ? patternExamples.get(pattern) : undefined;
    return known !== undefined && known.length >= min && known.length <= max ? known : unsatisfiable;
  }
  const format = schema['format'];
  if (typeof format === 'string') {
    const value = formatValues[format];
    return value !== undefined && value.length >= min && value.length <= max ? value : unsatisfiable;
  }
  const padded = 'example'.padEnd(min, 'x');
  return padded.length <= max ? padded : padded.slice(0, max);
}

function numberValue(schema: JsonSchema, integer: boolean): number | typeof unsatisfiable {
  const minimum = num(schema, 'minimum');
  const exclusiveMinimum = num(schema, 'exclusiveMinimum');
  const maximum = num(schema, 'maximum');
  const exclusiveMaximum = num(schema, 'exclusiveMaximum');
  const step = num(schema, 'multipleOf') ?? (integer ? 1 : undefined);
  let value = 0;
  if (maximum !== undefined && value > maximum) value = maximum;
  if (exclusiveMaximum !== undefined && value >= exclusiveMaximum) value = exclusiveMaximum - 1;
  if (minimum !== undefined && value < minimum) value = minimum;
  if (exclusiveMinimum !== undefined && value <= exclusiveMinimum) value = exclusiveMinimum + 1;
  if (step !== undefined && step > 0) value = Math.ceil(value / step) * step;
  const fits =
    (minimum === undefined || value >= minimum) &&
    (exclusiveMinimum === undefined || value > exclusiveMinimum) &&
    (maximum === undefined || value <= maximum) &&
    (exclusiveMaximum === undefined || value < exclusiveMaximum);
  return fits ? value : unsatisfiable;
}

/** Walks a schema, following component `$ref`s; `stack` holds the components being expanded. */
function valueFor(schema: JsonSchema, components: Record<string, JsonSchema>, stack: string[]): Value {
  const ref = schema['$ref'];
  if (typeof ref === 'string') {
    const name = ref.startsWith(schemaRefPrefix) ? ref.slice(schemaRefPrefix.length) : undefined;
    const target = name === undefined ? undefined : components[name];
    if (name === undefined || target === undefined || stack.includes(name)) return unsatisfiable;
    return valueFor(target, components, [...stack, name]);
  }
  if ('const' in schema) return structuredClone(schema['const']);
  if (Array.isArray(schema['enum']))
    return schema['enum'].length > 0 ? structuredClone(schema['enum'][0]) : unsatisfiable;
  if (['allOf', 'not', 'if', 'oneOf'].some((keyword) => keyword in schema)) return unsatisfiable;
  if (Array.isArray(schema['anyOf'])) {
    for (const branch of schema['anyOf'] as JsonSchema[]) {
      const value = valueFor(branch, components, stack);
      if (value !== unsatisfiable) return value;
    }
    return unsatisfiable;
  }
  const type = Array.isArray(schema['type']) ? (schema['type'][0] as unknown) : schema['type'];
  switch (type) {
    case 'null':
      return null;
    case 'boolean':
      return true;
    case 'integer':
    case 'number':
      return numberValue(schema, type === 'integer');
    case 'string':
      return stringValue(schema);
    case 'array':
      return arrayValue(schema, components, stack);
    case 'object':
      return objectValue(schema, components, stack);
    default:
      return type === undefined ? {} : unsatisfiable;
  }
}

function arrayValue(schema: JsonSchema, components: Record<string, JsonSchema>, stack: string[]): Value {
  const minItems = num(schema, 'minItems') ?? 0;
  const maxItems = num(schema, 'maxItems') ?? Number.POSITIVE_INFINITY;
  const count = Math.min(Math.max(minItems, 1), maxItems);
  if (count === 0) return [];
  if (count > 1 && schema['uniqueItems'] === true) return unsatisfiable;
  const items = schema['items'];
  const item =
    items && typeof items === 'object' && !Array.isArray(items)
      ? valueFor(items as JsonSchema, components, stack)
      : unsatisfiable;
  if (item === unsatisfiable) return minItems === 0 ? [] : unsatisfiable;
  return Array.from({ length: count }, () => structuredClone(item));
}

function objectValue(schema: JsonSchema, components: Record<string, JsonSchema>, stack: string[]): Value {
  const properties = (schema['properties'] ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema['required'] ?? []) as string[]);
  const out: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(properties)) {
    // An optional value with no schema (`{}`) says nothing worth showing.
    if (!required.has(key) && Object.keys(property).every((keyword) => keyword === 'description')) continue;
    const value = valueFor(property, components, stack);
    if (value !== unsatisfiable) out[key] = value;
    else if (required.has(key)) return unsatisfiable;
  }
  const minProperties = num(schema, 'minProperties') ?? 0;
  return Object.keys(out).length >= minProperties ? out : unsatisfiable;
}

/**
 * A value built from a schema's constraints, for documents that show an example of every
 * message. `undefined` when no value can be promised to match (a `pattern`, a required
 * recursive DTO, an unknown format): then the message simply has no derived example.
 *
 * @example `exampleValue({ type: 'integer', minimum: 1 }, {}) // → 1`
 */
export function exampleValue(schema: JsonSchema, components: Record<string, JsonSchema>): unknown {
  const value = valueFor(schema, components, []);
  return value === unsatisfiable ? undefined : value;
}
