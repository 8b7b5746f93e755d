import { createRequire } from 'node:module';
import type { MetadataStorage } from 'class-transformer/types/MetadataStorage.js';
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
