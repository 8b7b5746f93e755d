/** A JSON Schema (draft 2020-12) node, as accepted by OpenAPI 3.1 and AsyncAPI 3. */
export type JsonSchema = { [key: string]: unknown };

/** Constraints that check the array itself rather than its elements. */
export const arrayConstraints: ReadonlySet<string> = new Set([
  'isArray',
  'arrayMinSize',
  'arrayMaxSize',
  'arrayNotEmpty',
  'arrayUnique',
  'arrayContains',
  'arrayNotContains',
]);

const dateTimeConstraints = new Set(['isDate', 'isDateString', 'isIso8601', 'isRFC3339']);
const stringFormats = new Map([
  ['isEmail', 'email'],
  ['isUuid', 'uuid'],
  ['isUrl', 'uri'],
  ['isFqdn', 'hostname'],
]);

/** class-validator's `@IsHexColor()` (validator.js's `isHexColor`), in portable JSON Schema form. */
const hexColorPattern = '^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$';

/**
 * Values known to match the patterns this module writes itself, so a derived example can still be
 * given for them (a user's `@Matches` pattern gets none: no value can be promised to match it).
 */
export const patternExamples: ReadonlyMap<string, string> = new Map([[hexColorPattern, '#3366ff']]);

function setType(schema: JsonSchema, type: string): void {
  // isNumber + isInt describe one integer; otherwise the first type constraint wins.
  const current = schema['type'];
  if (current === undefined || (current === 'number' && type === 'integer')) schema['type'] = type;
}

function setFormat(schema: JsonSchema, format: string): void {
  setType(schema, 'string');
  schema['format'] ??= format;
}

/** Several length or range constraints on one value: the tightest bound is the one that holds. */
function raise(schema: JsonSchema, keyword: string, value: unknown): void {
  if (typeof value !== 'number') return;
  const current = schema[keyword];
  schema[keyword] = typeof current === 'number' ? Math.max(current, value) : value;
}

function lower(schema: JsonSchema, keyword: string, value: unknown): void {
  if (typeof value !== 'number') return;
  const current = schema[keyword];
  schema[keyword] = typeof current === 'number' ? Math.min(current, value) : value;
}

/** Constraints that only say which JSON type the value has. */
const typeConstraints = new Map([
  ['isString', 'string'],
  ['isInt', 'integer'],
  ['isNumber', 'number'],
  ['isBoolean', 'boolean'],
  ['isObject', 'object'],
  ['isArray', 'array'],
]);

/** One bound a constraint sets: the keyword, which way it tightens, and its value from the constraint's arguments. */
type Bound = readonly [
  keyword: string,
  tighten: typeof raise,
  value: (constraints: readonly unknown[]) => unknown,
];
const argument =
  (index: number) =>
  (constraints: readonly unknown[]): unknown =>
    constraints[index];
const fixed = (value: number) => (): number => value;

/** Length, range and size constraints, as the bounds they set (`isLength` sets two). */
const boundConstraints = new Map<string, readonly Bound[]>([
  [
    'isLength',
    [
      ['minLength', raise, argument(0)],
      ['maxLength', lower, argument(1)],
    ],
  ],
  ['minLength', [['minLength', raise, argument(0)]]],
  ['maxLength', [['maxLength', lower, argument(0)]]],
  ['min', [['minimum', raise, argument(0)]]],
  ['max', [['maximum', lower, argument(0)]]],
  ['isPositive', [['exclusiveMinimum', raise, fixed(0)]]],
  ['isNegative', [['exclusiveMaximum', lower, fixed(0)]]],
  ['arrayMinSize', [['minItems', raise, argument(0)]]],
  ['arrayMaxSize', [['maxItems', lower, argument(0)]]],
  ['arrayNotEmpty', [['minItems', raise, fixed(1)]]],
]);

/** The values of a TypeScript enum, skipping the reverse mappings of numeric members. */
function enumValues(entity: unknown): unknown[] {
  if (!entity || typeof entity !== 'object') return [];
  return Object.entries(entity)
    .filter(([key]) => Number.isNaN(Number.parseInt(key, 10)))
    .map(([, value]) => value);
}

function setEnum(schema: JsonSchema, values: readonly unknown[]): void {
  schema['enum'] = [...new Set(values)];
  const types = new Set(values.map((value) => typeof value));
  if (types.size !== 1) return;
  const [only] = types;
  if (only === 'number')
    setType(schema, values.every((value) => Number.isInteger(value)) ? 'integer' : 'number');
  else if (only === 'string' || only === 'boolean') setType(schema, only);
}

/**
 * Applies one class-validator constraint (by its registered name) to the schema of the value it
 * checks. Constraints without a JSON Schema equivalent (and custom ones) leave the schema as is:
 * the schema documents a subset of what the server checks, never more.
 */
export function applyConstraint(schema: JsonSchema, name: string, constraints: readonly unknown[]): void {
  const [first] = constraints;
  const format = stringFormats.get(name);
  if (format) return setFormat(schema, format);
  if (dateTimeConstraints.has(name)) return setFormat(schema, 'date-time');
  const type = typeConstraints.get(name);
  if (type) return setType(schema, type);
  for (const [keyword, tighten, value] of boundConstraints.get(name) ?? [])
    tighten(schema, keyword, value(constraints));
  switch (name) {
    case 'isNotEmptyObject':
      setType(schema, 'object');
      return raise(schema, 'minProperties', 1);
    case 'isIp':
      setType(schema, 'string');
      if (String(first) === '4' || String(first) === '6') schema['format'] ??= `ipv${String(first)}`;
      return;
    case 'isEnum':
      return setEnum(schema, enumValues(first));
    case 'isIn':
      return setEnum(schema, Array.isArray(first) ? first : []);
    case 'equals':
      schema['const'] = first;
      return;
    case 'matches':
      setType(schema, 'string');
      // JSON Schema patterns have no flags; the source is the closest portable form.
      schema['pattern'] = first instanceof RegExp ? first.source : String(first);
      return;
    case 'isHexColor':
      setType(schema, 'string');
      schema['pattern'] ??= hexColorPattern;
      return;
    case 'isDivisibleBy':
      if (typeof first === 'number') schema['multipleOf'] = first;
      return;
    case 'arrayUnique':
      schema['uniqueItems'] = true;
      return;
    default:
      return;
  }
}

/** The schema implied by a `design:type` (or `@Type`) constructor, when no constraint gave a type. */
function designSchema(type: unknown): JsonSchema {
  if (type === String) return { type: 'string' };
  if (type === Number) return { type: 'number' };
  if (type === Boolean) return { type: 'boolean' };
  if (type === Date) return { type: 'string', format: 'date-time' };
  if (type === Array) return { type: 'array' };
  return {};
}

const keywordOrder = [
  '$ref',
  'title',
  'description',
  'type',
  'format',
  'const',
  'enum',
  'items',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minLength',
  'maxLength',
  'pattern',
  'minimum',
  'exclusiveMinimum',
  'maximum',
  'exclusiveMaximum',
  'multipleOf',
  'minProperties',
  'properties',
  'required',
  'additionalProperties',
];

/** Puts keywords in one fixed order, so documents built from the same DTOs serialise identically. */
export function orderKeywords(schema: JsonSchema): JsonSchema {
  const rank = (key: string): number => {
    const index = keywordOrder.indexOf(key);
    return index === -1 ? keywordOrder.length : index;
  };
  const keys = Object.keys(schema).sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(keys.map((key) => [key, schema[key]]));
}

/**
 * Finishes the schema of one value after its constraints were applied: falls back to the declared
 * TypeScript type, and reads `@IsNotEmpty` (which only has a keyword once the type is a string).
 */
export function completeSchema(
  schema: JsonSchema,
  names: ReadonlySet<string>,
  declared: unknown,
): JsonSchema {
  const typed = schema['type'] !== undefined || schema['enum'] !== undefined || schema['const'] !== undefined;
  const complete: JsonSchema = typed ? { ...schema } : { ...designSchema(declared), ...schema };
  if (names.has('isNotEmpty') && complete['type'] === 'string') raise(complete, 'minLength', 1);
  return orderKeywords(complete);
}
