import { createRequire } from 'node:module';
import { describeDto } from '../dto/describe-dto.js';
import { knownInternals } from '../dto/metadata-storage.js';
import type { Class } from '../types.js';

const require = createRequire(import.meta.url);

type Constructor = abstract new (...args: never[]) => unknown;
type Plain = Record<string, unknown>;
type Convert = (value: unknown) => unknown;

/** Thrown at boot for anything the compiled path does not reproduce exactly. */
export class Decline extends Error {}

/**
 * Thrown per call for a value no JSON or query-string parser produces (a Date, Map, class instance,
 * array subclass, an object whose own `constructor` key class-transformer would take for a class):
 * the caller then runs class-transformer and class-validator themselves on that input.
 */
export const BAIL = new Error('input is not JSON-shaped');

// The compiled path replays these library versions step by step; others keep class-validator.
const verified = { 'class-validator': /^0\.15\./, 'class-transformer': /^0\.5\./ };
const unverified = Object.entries(verified).find(
  ([name, pattern]) => !pattern.test((require(`${name}/package.json`) as { version: string }).version),
);

type ReadMetadata = (key: string, target: object, property: string) => unknown;
const reflect = Reflect as unknown as { getMetadata?: ReadMetadata };
const designType = (target: object, key: string): unknown =>
  reflect.getMetadata?.('design:type', target, key);

function isNative(type: Constructor): boolean {
  return /\{\s*\[native code\]\s*\}\s*$/.test(Function.prototype.toString.call(type));
}

/** class-transformer's ancestors: base constructors, not including `Object`. */
function ancestors(type: Constructor): Constructor[] {
  const list: Constructor[] = [];
  let base = Object.getPrototypeOf(type) as Constructor;
  while (base.prototype !== undefined) {
    list.push(base);
    base = Object.getPrototypeOf(base) as Constructor;
  }
  return list;
}

/**
 * A prototype a JSON or query-string parser gives: `Object.prototype`, none, or an empty object
 * without a prototype of its own. Fastify's query (fast-querystring) and path parameters
 * (find-my-way) are `new Empty()` with `Empty.prototype = Object.create(null)`: no key is
 * inherited, so both paths see exactly what they see for `Object.create(null)`.
 */
export function isJsonPrototype(proto: unknown): boolean {
  if (proto === Object.prototype || proto === null) return true;
  return (
    typeof proto === 'object' && Object.getPrototypeOf(proto) === null && Reflect.ownKeys(proto).length === 0
  );
}

function assertJsonObject(value: object): void {
  if (!isJsonPrototype(Object.getPrototypeOf(value))) throw BAIL;
}

/** Arrays are rebuilt element by element with the same target type; `forEach` skips holes as class-transformer's does. */
function mapArray(values: unknown[], convert: Convert): unknown[] {
  if (Object.getPrototypeOf(values) !== Array.prototype) throw BAIL;
  const out: unknown[] = [];
  values.forEach((value) => out.push(convert(value)));
  return out;
}

/** `transform(value, undefined)`: a deep copy that drops `__proto__`, `constructor` and `Object.prototype` method names. */
function copyUntyped(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return mapArray(value, copyUntyped);
  assertJsonObject(value);
  const guessed = (value as { constructor?: unknown }).constructor;
  if (guessed !== Object && guessed) throw BAIL;
  const out: Plain = {};
  for (const key of Object.keys(value)) {
    if (key === '__proto__' || key === 'constructor' || out[key] instanceof Function) continue;
    out[key] = copyUntyped((value as Plain)[key]);
  }
  return out;
}

function scalar(convert: (value: unknown) => unknown): Convert {
  const self: Convert = (value) => {
    if (Array.isArray(value)) return mapArray(value, self);
    if (value === null || value === undefined) return value;
    if (typeof value === 'object') assertJsonObject(value);
    return convert(value);
  };
  return self;
}

const toString = scalar(String);
const toNumber = scalar(Number);
const toBoolean = scalar(Boolean);
const toDate = scalar((value) => new Date(value as string));

/**
 * Compiles class-transformer's `plainToInstance` (default options, plus `enableImplicitConversion`
 * for text sources) into one builder per class. Every class it can produce is in `classes`.
 */
export class TransformCompiler {
  readonly classes = new Set<Constructor>();
  private readonly builders = new Map<Constructor, (plain: object) => object>();

  constructor(private readonly implicit: boolean) {
    if (unverified) throw new Decline(`${unverified[0]} version not verified for the compiled path`);
    // Without class-transformer's list of `@Type`/`@Transform`/`@Expose`/`@Exclude` properties, a
    // property without validators could hide a conversion.
    if (!knownInternals) throw new Decline('unknown class-transformer internals');
    if (implicit && typeof reflect.getMetadata !== 'function')
      throw new Decline('reflect-metadata is not loaded');
  }

  /** The builder of a DTO class from a JSON object (`new type()`, then its keys). */
  builder(type: Constructor): (plain: object) => object {
    const known = this.builders.get(type);
    if (known) return known;
    if (isNative(type)) throw new Decline(`${type.name} is a built-in class`);
    const plan: { build?: (plain: object) => object } = {};
    const build = (plain: object): object => (plan.build as (plain: object) => object)(plain);
    this.builders.set(type, build);
    plan.build = this.compileClass(type);
    return build;
  }

  /** class-transformer's `transform(value, type)` for one target type. */
  converter(type: unknown): Convert {
    if (type === undefined || type === null) return copyUntyped;
    if (type === String) return toString;
    if (type === Number) return toNumber;
    if (type === Boolean) return toBoolean;
    if (type === Date) return toDate;
    if (typeof type !== 'function') throw new Decline(`type ${String(type)} is not a class`);
    if (type === Object || type === Array) return this.generic(type as Constructor);
    const build = this.builder(type as Constructor);
    const convert: Convert = (value) => {
      if (Array.isArray(value)) return mapArray(value, convert);
      if (typeof value !== 'object' || value === null) return value;
      assertJsonObject(value);
      return build(value);
    };
    return convert;
  }

  private compileClass(type: Constructor): (plain: object) => object {
    if (type.prototype.constructor !== type)
      throw new Decline(`${type.name}.prototype.constructor is replaced`);
    const chain = [type, ...ancestors(type)];
    const native = chain.find(isNative);
    if (native) throw new Decline(`${type.name} extends the built-in ${native.name}`);
    for (const cls of chain) {
      if (describeDto(cls as Class).own.markers)
        throw new Decline(`${cls.name} uses @Transform, @Expose or @Exclude`);
    }
    this.classes.add(type);
    const names = new Set<string>();
    for (const cls of chain) for (const name of describeDto(cls as Class).own.typeProperties) names.add(name);
    for (const name of describeDto(type as Class).validatedNames) names.add(name);
    const props = new Map<string, Convert>();
    for (const name of names) props.set(name, this.propertyConverter(type, name));
    // Own prototype members without a setter are never assigned; inherited methods are caught per key below.
    const prototype = type.prototype as object;
    const skipped = new Set(
      Object.getOwnPropertyNames(prototype).filter(
        (key) => !Object.getOwnPropertyDescriptor(prototype, key)?.set,
      ),
    );
    const Type = type as unknown as new () => Plain;
    const implicit = this.implicit;
    return (plain) => {
      const instance = new Type();
      for (const key of Object.keys(plain)) {
        if (key === '__proto__' || key === 'constructor') continue;
        if (skipped.has(key) || instance[key] instanceof Function) continue;
        const convert = props.get(key) ?? (implicit ? runtimeConverter(prototype, key) : copyUntyped);
        instance[key] = convert((plain as Plain)[key]);
      }
      return instance;
    };
  }

  private propertyConverter(type: Constructor, name: string): Convert {
    const property = describeDto(type as Class).properties.get(name);
    const meta = property?.transformer.type;
    if (!meta)
      return this.implicit ? this.converter(designType(type.prototype as object, name)) : copyUntyped;
    const where = `${type.name}.${name}`;
    if (meta.options?.discriminator) throw new Decline(`${where}: @Type with a discriminator`);
    if (meta.typeFunction && meta.typeFunction.length > 0)
      throw new Decline(`${where}: @Type function reads its options`);
    const reflected = meta.reflectedType as Constructor | undefined;
    if (property?.collection) throw new Decline(`${where}: Map or Set property`);
    // An array value is collected into `new reflectedType()` when that has `push`: only a real array is supported.
    if (reflected !== undefined && reflected !== Array && !isNative(reflected)) {
      const probe = new (reflected as unknown as new () => object)();
      if ('push' in probe) throw new Decline(`${where}: array-like declared type`);
    }
    const target = meta.typeFunction ? (meta.typeFunction as () => unknown)() : reflected;
    return this.converter(target);
  }

  /** `transform(value, Object | Array)`: a new instance of the built-in, keys copied untyped. */
  private generic(type: Constructor): Convert {
    const own = describeDto(type as Class).own;
    if (own.markers || own.types) throw new Decline(`class-transformer metadata on ${type.name}`);
    const Type = type as unknown as new () => Plain;
    const prototype = type.prototype as object;
    const implicit = this.implicit;
    const convert: Convert = (value) => {
      if (Array.isArray(value)) return mapArray(value, convert);
      if (typeof value !== 'object' || value === null) return value;
      assertJsonObject(value);
      const out = new Type();
      for (const key of Object.keys(value)) {
        if (key === '__proto__' || key === 'constructor') continue;
        if (implicit && designType(prototype, key) !== undefined) throw BAIL;
        const descriptor = Object.getOwnPropertyDescriptor(prototype, key);
        if ((descriptor && !descriptor.set) || out[key] instanceof Function) continue;
        out[key] = copyUntyped((value as Plain)[key]);
      }
      return out;
    };
    return convert;
  }
}

/** A key no decorator declared, on a text source: only a scalar design type is converted here. */
function runtimeConverter(prototype: object, key: string): Convert {
  const type = designType(prototype, key);
  if (type === undefined) return copyUntyped;
  if (type === String) return toString;
  if (type === Number) return toNumber;
  if (type === Boolean) return toBoolean;
  if (type === Date) return toDate;
  throw BAIL;
}
