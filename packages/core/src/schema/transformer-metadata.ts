import { createRequire } from 'node:module';
import { TransformationType } from 'class-transformer';
import type { MetadataStorage } from 'class-transformer/types/MetadataStorage.js';
import 'reflect-metadata';
import type { Class } from '../types.js';

// class-transformer has no exports map and does not re-export its metadata storage. Node loads the
// package through `main` (cjs/index.js), so its decorators write into the CommonJS storage module;
// requiring that same file here gives the very instance the user's `@Type`/`@Expose` calls filled.
const require = createRequire(import.meta.url);
const { defaultMetadataStorage: storage } = require('class-transformer/cjs/storage.js') as {
  defaultMetadataStorage: MetadataStorage;
};

/**
 * The class named by `@Type(() => X)` on a property, or `undefined` without `@Type`.
 * Type functions that inspect the object being transformed get empty stand-ins: a schema is
 * built before any value exists.
 */
export function declaredType(dto: Class, property: string): unknown {
  const meta = storage.findTypeMetadata(dto, property);
  return meta ? meta.typeFunction({ newObject: {}, object: {}, property }) : undefined;
}

/**
 * Every type `plainToInstance` may give a property's value, for boot-time checks that must see all
 * of them: `@Type(() => X)` gives X, a discriminator its fallback and every subtype, and without
 * `@Type` the declared type (what implicit conversion uses, and the class of a typical default).
 * `undefined` when a `@Type` function reads its options: it picks the class per value, so no list
 * made at boot is complete.
 */
export function buildableTypes(dto: Class, property: string): unknown[] | undefined {
  const meta = storage.findTypeMetadata(dto, property);
  if (!meta) return [Reflect.getMetadata('design:type', dto.prototype as object, property)];
  if (meta.typeFunction.length > 0) return undefined;
  const subTypes = meta.options?.discriminator?.subTypes ?? [];
  return [(meta.typeFunction as () => unknown)(), ...subTypes.map((subType) => subType.value)];
}

/**
 * What `plainToInstance` converts a property's value to by type, and the key the value arrives
 * under: the `@Type(() => X)` class, else with implicit conversion the declared type. `undefined`
 * when no type conversion applies: `@Transform` (the user converts), an `@Exclude` that drops it on
 * input, a discriminator or a `@Type` function that reads its options (typed per value).
 */
export function plainTarget(
  dto: Class,
  property: string,
  implicit: boolean,
): { readonly key: string; readonly type: unknown } | undefined {
  const toClass = TransformationType.PLAIN_TO_CLASS;
  if (storage.findTransformMetadatas(dto, property, toClass).length > 0) return undefined;
  if (storage.getExcludedProperties(dto, toClass).includes(property)) return undefined;
  if (
    storage.getStrategy(dto) === 'excludeAll' &&
    !storage.getExposedProperties(dto, toClass).includes(property)
  )
    return undefined;
  const meta = storage.findTypeMetadata(dto, property);
  if (meta && (meta.options?.discriminator || meta.typeFunction.length > 0)) return undefined;
  const type = meta
    ? (meta.typeFunction as () => unknown)()
    : implicit
      ? Reflect.getMetadata('design:type', dto.prototype as object, property)
      : undefined;
  return { key: wireName(dto, property), type };
}

/** The key the property has on the wire: `@Expose({ name })` renames it. */
export function wireName(dto: Class, property: string): string {
  return storage.findExposeMetadata(dto, property)?.options.name ?? property;
}

/**
 * Whether a property never reaches the validated value: `@Exclude()` in both directions, or a
 * class-level `@Exclude()` without a property-level `@Expose()`. A one-way `@Exclude` stays in the
 * schema because the same schema documents requests and responses.
 */
export function isHidden(dto: Class, property: string): boolean {
  const exclude = storage.findExcludeMetadata(dto, property);
  if (exclude && !exclude.options.toClassOnly && !exclude.options.toPlainOnly) return true;
  return storage.getStrategy(dto) === 'excludeAll' && !storage.findExposeMetadata(dto, property);
}

/**
 * Properties that class-transformer knows about (`@Type`, `@Expose`) on the class and its bases.
 * Replies and pushes often carry such properties without any class-validator decorator (a
 * `@Type(() => Date) sentAt`), and the schema must still list them. class-transformer 0.5 has no
 * public way to list `@Type` properties, so its storage map is read directly (0.5 is a frozen
 * release; a test fails if the map ever disappears).
 */
export function transformerProperties(dto: Class): string[] {
  const typeMaps = (storage as unknown as { _typeMetadatas?: Map<unknown, Map<string, unknown>> })
    ._typeMetadatas;
  const names: string[] = [];
  for (
    let current: unknown = dto;
    typeof current === 'function' && current !== Function.prototype;
    current = Object.getPrototypeOf(current)
  ) {
    for (const name of typeMaps?.get(current)?.keys() ?? []) if (!names.includes(name)) names.push(name);
    for (const expose of storage.getExposedMetadatas(current as Class)) {
      if (expose.propertyName && !names.includes(expose.propertyName)) names.push(expose.propertyName);
    }
  }
  return names;
}

/** A property with `@Type`, as `plainToInstance` sees it: its wire key, discriminator and classes. */
export interface TypedProperty {
  readonly property: string;
  readonly key: string;
  /** The discriminator's property and its subtypes, when `@Type` has one. */
  readonly discriminator?: { readonly property: string; readonly subTypes: ReadonlyMap<unknown, unknown> };
  /** The class `@Type` names (a discriminator's fallback); `undefined` when it picks per value. */
  readonly type: unknown;
}

/** Every `@Type` property of a class (inherited ones included). */
export function typedProperties(dto: Class): TypedProperty[] {
  const out: TypedProperty[] = [];
  for (const property of transformerProperties(dto)) {
    const meta = storage.findTypeMetadata(dto, property);
    if (!meta) continue;
    const discriminator = meta.options?.discriminator;
    out.push({
      property,
      key: wireName(dto, property),
      ...(discriminator && {
        discriminator: {
          property: discriminator.property,
          subTypes: new Map(discriminator.subTypes.map((subType) => [subType.name, subType.value])),
        },
      }),
      type: meta.typeFunction.length > 0 ? undefined : (meta.typeFunction as () => unknown)(),
    });
  }
  return out;
}
