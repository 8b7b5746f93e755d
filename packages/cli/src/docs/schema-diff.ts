/** One difference between two API documents. */
export interface Change {
  readonly breaking: boolean;
  /** Where, e.g. `channel ChatSocket, message send (client → server)`. */
  readonly where: string;
  readonly detail: string;
}

/** Who sends the value a schema describes: clients send requests, the server sends responses. */
export type Direction = 'request' | 'response';

export type JsonObject = Readonly<Record<string, unknown>>;

export const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Follows local `$ref`s (`#/components/schemas/X`) within one document. */
export function deref(
  document: JsonObject,
  value: unknown,
  seen = new Set<string>(),
): JsonObject | undefined {
  if (!isObject(value)) return undefined;
  const ref = value['$ref'];
  if (typeof ref !== 'string') return value;
  if (!ref.startsWith('#/') || seen.has(ref)) return undefined;
  seen.add(ref);
  let target: unknown = document;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    target = isObject(target) ? target[key] : undefined;
  }
  return deref(document, target, seen);
}

const show = (value: unknown): string => JSON.stringify(value);

function typesOf(schema: JsonObject): Set<string> | undefined {
  const type = schema['type'];
  if (typeof type === 'string') return new Set([type]);
  if (Array.isArray(type)) return new Set(type.filter((t): t is string => typeof t === 'string'));
  return undefined;
}

/** `number` accepts every `integer`. */
const covers = (types: ReadonlySet<string>, type: string): boolean =>
  types.has(type) || (type === 'integer' && types.has('number'));

/**
 * The values a schema is limited to: its `enum`, its `const`, or a `oneOf`/`anyOf` whose every
 * branch is limited to values (`oneOf: [{ const: 'a' }, { const: 'b' }]` is an enum too).
 */
function valuesOf(document: JsonObject, schema: JsonObject): unknown[] | undefined {
  if (Array.isArray(schema['enum'])) return schema['enum'] as unknown[];
  if ('const' in schema) return [schema['const']];
  for (const combinator of ['oneOf', 'anyOf'] as const) {
    const branches = schema[combinator];
    if (!Array.isArray(branches) || branches.length === 0) continue;
    const values: unknown[] = [];
    for (const branch of branches) {
      const resolved = deref(document, branch);
      const found = resolved && valuesOf(document, resolved);
      if (!found) return undefined;
      values.push(...found);
    }
    return values;
  }
  return undefined;
}

/** Bounds a value must stay under (a lower number is tighter) and over (a higher one is tighter). */
const upperBounds = ['maxLength', 'maxItems', 'maxProperties', 'maximum', 'exclusiveMaximum'] as const;
const lowerBounds = ['minLength', 'minItems', 'minProperties', 'minimum', 'exclusiveMinimum'] as const;
/** Constraints that cannot be ordered: added is tighter, removed looser, changed is either. */
const shapeConstraints = ['pattern', 'format', 'multipleOf'] as const;

/**
 * Each constraint that differs: `tighter` (fewer values accepted), `looser`, or `changed` (neither
 * contains the other as far as a diff can tell).
 */
function constraintChanges(
  before: JsonObject,
  after: JsonObject,
): Array<{ readonly kind: 'tighter' | 'looser' | 'changed'; readonly text: string }> {
  const found: Array<{ kind: 'tighter' | 'looser' | 'changed'; text: string }> = [];
  const describe = (keyword: string, b: unknown, a: unknown): string =>
    b === undefined
      ? `${keyword} ${show(a)} added`
      : a === undefined
        ? `${keyword} ${show(b)} removed`
        : `${keyword} ${show(b)} → ${show(a)}`;
  for (const keyword of [...upperBounds, ...lowerBounds]) {
    const b = before[keyword];
    const a = after[keyword];
    if (show(a) === show(b) || (typeof a !== 'number' && typeof b !== 'number')) continue;
    const upper = (upperBounds as readonly string[]).includes(keyword);
    const tighter = typeof b !== 'number' ? true : typeof a !== 'number' ? false : upper ? a < b : a > b;
    found.push({ kind: tighter ? 'tighter' : 'looser', text: describe(keyword, b, a) });
  }
  for (const keyword of shapeConstraints) {
    const b = before[keyword];
    const a = after[keyword];
    if (show(a) === show(b)) continue;
    const kind = b === undefined ? 'tighter' : a === undefined ? 'looser' : 'changed';
    found.push({ kind, text: describe(keyword, b, a) });
  }
  return found;
}

const contains = (values: readonly unknown[], value: unknown): boolean =>
  values.some((candidate) => show(candidate) === show(value));

const requiredOf = (schema: JsonObject): Set<string> =>
  new Set(Array.isArray(schema['required']) ? (schema['required'] as string[]) : []);

const propertiesOf = (schema: JsonObject): JsonObject =>
  isObject(schema['properties']) ? schema['properties'] : {};

export interface SchemaDiffInput {
  readonly before: { readonly document: JsonObject; readonly schema: unknown };
  readonly after: { readonly document: JsonObject; readonly schema: unknown };
  readonly direction: Direction;
  readonly where: string;
}

/**
 * Compares two JSON Schemas as a client would feel it. For what clients send (request): a removed
 * field (rejected: Halyard forbids unknown fields), a newly required field, a narrowed type or
 * enum (also an enum written as `oneOf`/`anyOf` of `const`s), a tighter constraint (`maxLength`
 * down, `minimum` up, a new `pattern` or `format`) are breaking. For what the server sends
 * (response): a removed field, a field that became optional, a changed or widened type, new enum
 * values, a looser constraint are breaking. A changed `pattern`/`format`/`multipleOf` is breaking
 * both ways. Additions are reported as non-breaking.
 */
export function diffSchema(input: SchemaDiffInput, changes: Change[]): void {
  const visited = new Set<string>();
  const walk = (beforeRaw: unknown, afterRaw: unknown, path: string): void => {
    const key = `${show(beforeRaw)}|${show(afterRaw)}|${path}`;
    if (visited.has(key) || path.split('.').length > 32) return;
    visited.add(key);
    const before = deref(input.before.document, beforeRaw);
    const after = deref(input.after.document, afterRaw);
    if (!before || !after) return;
    const request = input.direction === 'request';
    const field = path || '(the value)';
    const report = (breaking: boolean, detail: string): void => {
      changes.push({ breaking, where: input.where, detail: `${field}: ${detail}` });
    };

    const beforeTypes = typesOf(before);
    const afterTypes = typesOf(after);
    if (beforeTypes && afterTypes) {
      const lost = [...beforeTypes].filter((type) => !covers(afterTypes, type));
      const gained = [...afterTypes].filter((type) => !covers(beforeTypes, type));
      if (lost.length || gained.length) {
        const text = `type changed from ${[...beforeTypes].join('|')} to ${[...afterTypes].join('|')}`;
        report(request ? lost.length > 0 : gained.length > 0, text);
      }
    }

    const beforeValues = valuesOf(input.before.document, before);
    const afterValues = valuesOf(input.after.document, after);
    if (afterValues && !beforeValues) report(request, `now limited to ${afterValues.map(show).join(', ')}`);
    else if (beforeValues && !afterValues)
      report(!request, `no longer limited to ${beforeValues.map(show).join(', ')}`);
    else if (beforeValues && afterValues) {
      const removed = beforeValues.filter((value) => !contains(afterValues, value));
      const added = afterValues.filter((value) => !contains(beforeValues, value));
      if (removed.length)
        report(request, `enum value${removed.length > 1 ? 's' : ''} ${removed.map(show).join(', ')} removed`);
      if (added.length)
        report(!request, `enum value${added.length > 1 ? 's' : ''} ${added.map(show).join(', ')} added`);
    }

    // What clients send: accepting fewer values breaks them. What they receive: more values may.
    for (const { kind, text } of constraintChanges(before, after))
      report(kind === 'changed' || (request ? kind === 'tighter' : kind === 'looser'), text);

    const beforeProps = propertiesOf(before);
    const afterProps = propertiesOf(after);
    const beforeRequired = requiredOf(before);
    const afterRequired = requiredOf(after);
    const join = (name: string): string => (path ? `${path}.${name}` : name);
    for (const name of Object.keys(beforeProps)) {
      if (name in afterProps) continue;
      if (request) {
        const closed = after['additionalProperties'] === false;
        changes.push({
          breaking: closed,
          where: input.where,
          detail: `${join(name)}: field removed${closed ? ' (clients that still send it are rejected)' : ''}`,
        });
      } else changes.push({ breaking: true, where: input.where, detail: `${join(name)}: field removed` });
    }
    for (const name of Object.keys(afterProps)) {
      if (name in beforeProps) continue;
      const required = afterRequired.has(name);
      changes.push({
        breaking: request && required,
        where: input.where,
        detail: `${join(name)}: ${required ? 'required' : 'optional'} field added`,
      });
    }
    for (const name of Object.keys(afterProps)) {
      if (!(name in beforeProps)) continue;
      if (afterRequired.has(name) && !beforeRequired.has(name))
        changes.push({ breaking: request, where: input.where, detail: `${join(name)}: newly required` });
      if (!afterRequired.has(name) && beforeRequired.has(name))
        changes.push({ breaking: !request, where: input.where, detail: `${join(name)}: no longer required` });
      walk(beforeProps[name], afterProps[name], join(name));
    }

    if (before['items'] !== undefined && after['items'] !== undefined)
      walk(before['items'], after['items'], `${path}[]`);
    const valueUnions = beforeValues !== undefined && afterValues !== undefined;
    for (const combinator of ['oneOf', 'anyOf', 'allOf'] as const) {
      // Unions of values were compared as enums above.
      if (valueUnions && combinator !== 'allOf') continue;
      const b = before[combinator];
      const a = after[combinator];
      if (Array.isArray(b) && Array.isArray(a) && a.length === b.length)
        b.forEach((branch, index) => walk(branch, a[index], `${path}(${combinator}[${index}])`));
      else if (Array.isArray(b) !== Array.isArray(a) || (Array.isArray(b) && Array.isArray(a)))
        report(false, `${combinator} changed (not compared in depth)`);
    }
  };
  walk(input.before.schema, input.after.schema, '');
}
