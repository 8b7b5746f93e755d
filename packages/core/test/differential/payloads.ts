import fc from 'fast-check';
import type { ValueSource } from '../../src/validation/field-error.js';
import { catalog, commonValues } from './constraint-catalog.js';
import type { ClassSpec, PropSpec } from './dto-specs.js';
import { declarations, declaredKeys } from './spec-model.js';

type Plain = Record<string, unknown>;

/** An own enumerable key, even `__proto__` (as `JSON.parse` makes it), never the prototype. */
export function define(object: object, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A deep copy keeping prototypes (null-prototype query objects) and own `__proto__` keys. */
export function clone(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(clone);
  const out = Object.create(Object.getPrototypeOf(value) as object | null) as object;
  for (const key of Object.keys(value)) define(out, key, clone((value as Plain)[key]));
  return out;
}

/** What fast-querystring (the query) and find-my-way (path parameters) build their objects from. */
const FastifyEmpty = function (this: object) {} as unknown as new () => object;
FastifyEmpty.prototype = Object.create(null) as object;

/** Query, path and header values as Fastify gives them: strings, arrays of strings for repeats. */
function toText(value: unknown, keepObject: boolean): unknown {
  if (typeof value === 'string') return value;
  if (Array.isArray(value))
    return value.map((item) =>
      typeof item === 'object' && item !== null ? '[object Object]' : toText(item, false),
    );
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') {
    // Only a custom query-string parser gives nested objects; Fastify's own gives text.
    if (!keepObject) return '[object Object]';
    const out: Plain = {};
    for (const key of Object.keys(value)) define(out, key, toText((value as Plain)[key], false));
    return out;
  }
  return String(value);
}

const extraKeys = [
  'extra',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'kind',
  '0',
  'length',
  'undeclared',
  'then',
];

const junk: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...commonValues) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 6, unit: 'binary' }) },
);

/** Values worth sending to one property: what its constraints accept and refuse, its nested shape, junk. */
interface Shape {
  readonly text: boolean;
  readonly keys: readonly string[];
}

function valueArb(prop: PropSpec, depth: number, shape: Shape): fc.Arbitrary<unknown> {
  const samples = prop.constraints.flatMap((c) => catalog[c.name]?.samples ?? []);
  const options: Array<fc.WeightedArbitrary<unknown>> = [{ weight: 3, arbitrary: junk }];
  if (samples.length > 0) {
    const sample = fc.constantFrom(...samples);
    options.push(
      { weight: 6, arbitrary: sample },
      { weight: 2, arbitrary: fc.array(sample, { maxLength: 3 }) },
    );
  }
  if (prop.nested && depth < 3) {
    const children = [prop.nested.child, prop.nested.alt].map((child) => objectArb(child, depth + 1, shape));
    const child = fc.oneof(...children);
    options.push(
      { weight: 6, arbitrary: child },
      { weight: 4, arbitrary: fc.array(child, { maxLength: 3 }) },
    );
  }
  return fc.oneof(...options);
}

function objectArb(spec: ClassSpec, depth: number, shape: Shape): fc.Arbitrary<Plain> {
  const text = shape.text;
  const entries = declaredKeys(spec).map((key) => {
    const prop = declarations(spec, key)[0] as PropSpec;
    const exposed = declarations(spec, key).some((p) => p.transformer === 'Expose');
    return fc.tuple(
      exposed ? fc.constantFrom(`wire_${key}`, key) : fc.constant(key),
      fc.option(valueArb(prop, depth, shape), { nil: undefined, freq: 4 }),
    );
  });
  const extras = fc.array(fc.tuple(fc.constantFrom(...shape.keys), junk), { maxLength: 2 });
  const kind = fc.option(fc.constantFrom('A', 'B', 'C', 1), { nil: undefined, freq: 2 });
  return fc
    .tuple(fc.tuple(...entries), extras, kind, fc.boolean())
    .map(([own, extra, discriminator, keep]) => {
      const out: Plain = {};
      if (discriminator !== undefined) define(out, 'kind', discriminator);
      for (const [key, value] of own)
        if (value !== undefined) define(out, key, text ? toText(value, keep && depth === 0) : value);
      for (const [key, value] of extra) define(out, key, text ? toText(value, false) : value);
      return out;
    });
}

/**
 * Inputs for one DTO and one source: mostly objects shaped like the DTO (valid or nearly), some
 * with unknown and reserved keys, some not objects at all. Text sources get strings, as Fastify
 * parses them (for the query and path parameters objects without `Object.prototype`, as
 * fast-querystring and find-my-way build them). `reserved` adds more unknown keys
 * (`constructor`, which class-transformer takes for a class name) at every level.
 */
export function payloadArb(
  spec: ClassSpec,
  source: ValueSource,
  reserved: readonly string[] = [],
): fc.Arbitrary<unknown> {
  const shape = { text: source !== 'body' && source !== 'message', keys: [...extraKeys, ...reserved] };
  const object = fc.tuple(objectArb(spec, 0, shape), fc.boolean()).map(([value, empty]) => {
    if (source !== 'query' && source !== 'params') return value;
    // Fastify's own shapes: fast-querystring and find-my-way build `new Empty()` (its prototype
    // a null-prototype object), some parsers `Object.create(null)`.
    const out = (empty ? new FastifyEmpty() : Object.create(null)) as Plain;
    for (const key of Object.keys(value)) define(out, key, value[key]);
    return out;
  });
  return fc.oneof({ weight: 12, arbitrary: object }, { weight: 1, arbitrary: junk });
}
