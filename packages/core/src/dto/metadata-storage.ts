import { createRequire } from 'node:module';
import { TransformationType } from 'class-transformer';
import type { ExcludeMetadata } from 'class-transformer/types/interfaces/metadata/exclude-metadata.interface.js';
import type { ExposeMetadata } from 'class-transformer/types/interfaces/metadata/expose-metadata.interface.js';
import type { TypeMetadata } from 'class-transformer/types/interfaces/metadata/type-metadata.interface.js';
import type { MetadataStorage } from 'class-transformer/types/MetadataStorage.js';
import { getMetadataStorage } from 'class-validator';
import type { Class } from '../types.js';

// The one place that reads class-validator's and class-transformer's metadata storage (a lint rule
// keeps it so). Everything else reads the DTO model that describe-dto.ts builds from these calls.

// class-transformer has no exports map and does not re-export its metadata storage. Node loads the
// package through `main` (cjs/index.js), so its decorators write into the CommonJS storage module;
// requiring that same file here gives the very instance the user's `@Type`/`@Expose` calls filled.
const require = createRequire(import.meta.url);
const { defaultMetadataStorage: transformer } = require('class-transformer/cjs/storage.js') as {
  defaultMetadataStorage: MetadataStorage;
};

export type ValidationMetadata = ReturnType<
  ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']
>[number];
export type ConstraintMetadata = ReturnType<
  ReturnType<typeof getMetadataStorage>['getTargetValidatorConstraints']
>[number];
export type { ExcludeMetadata, ExposeMetadata, TypeMetadata };

// class-transformer 0.5 has no public way to list a class's `@Type`/`@Transform`/`@Expose`/`@Exclude`
// properties, so its private maps are read (0.5 is a frozen release; `knownInternals` turns false,
// and the compiled path declines, if they ever disappear).
type PropertyMaps = Map<unknown, Map<string | undefined, unknown>>;
const internals = transformer as unknown as Record<string, unknown>;
const [typeMaps, transformMaps, exposeMaps, excludeMaps] = [
  '_typeMetadatas',
  '_transformMetadatas',
  '_exposeMetadatas',
  '_excludeMetadatas',
].map((name) => internals[name]) as Array<PropertyMaps | undefined>;

/** Whether class-transformer's private maps are where 0.5 keeps them. */
export const knownInternals = [typeMaps, transformMaps, exposeMaps, excludeMaps].every(
  (map) => map instanceof Map,
);

/** Every class-validator metadata of a class (own first, then inherited, de-duplicated), as `validate` reads it. */
export function validationMetadatas(dto: Class): ValidationMetadata[] {
  return getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
}

/** The registered constraints a validation decorator runs. */
export function constraintMetadatas(
  constraintClass: ValidationMetadata['constraintCls'],
): ConstraintMetadata[] {
  return getMetadataStorage().getTargetValidatorConstraints(constraintClass);
}

/** class-validator's own grouping (a plain `{}`), read exactly as its whitelist check reads it. */
export function groupByPropertyName(metadatas: ValidationMetadata[]): Record<string, ValidationMetadata[]> {
  return getMetadataStorage().groupByPropertyName(metadatas);
}

/** Names of the properties with own `@Type` metadata on exactly this class (not its bases). */
export function ownTypeProperties(cls: unknown): string[] {
  return [...(typeMaps?.get(cls)?.keys() ?? [])].map(String);
}

/** Whether this very class carries `@Transform`, `@Expose` or `@Exclude` metadata. */
export function hasOwnMarkers(cls: unknown): boolean {
  return [transformMaps, exposeMaps, excludeMaps].some((map) => map?.has(cls) === true);
}

/** Whether this very class carries `@Type` metadata. */
export function hasOwnTypes(cls: unknown): boolean {
  return typeMaps?.has(cls) === true;
}

/** The class-transformer facts of one property, inherited ones included. */
export interface TransformerFacts {
  readonly type: TypeMetadata | undefined;
  readonly expose: ExposeMetadata | undefined;
  readonly exclude: ExcludeMetadata | undefined;
  /** `@Transform` applies when converting plain input to the class. */
  readonly transformedToClass: boolean;
  /** `@Exclude` drops the property when converting plain input to the class. */
  readonly excludedToClass: boolean;
  /** `@Expose` keeps the property when converting plain input to the class. */
  readonly exposedToClass: boolean;
}

export function transformerFacts(dto: Class, property: string): TransformerFacts {
  const toClass = TransformationType.PLAIN_TO_CLASS;
  return {
    type: transformer.findTypeMetadata(dto, property),
    expose: transformer.findExposeMetadata(dto, property),
    exclude: transformer.findExcludeMetadata(dto, property),
    transformedToClass: transformer.findTransformMetadatas(dto, property, toClass).length > 0,
    excludedToClass: transformer.getExcludedProperties(dto, toClass).includes(property),
    exposedToClass: transformer.getExposedProperties(dto, toClass).includes(property),
  };
}

/** `@Exclude()` / `@Expose()` on the class itself: `excludeAll`, `exposeAll` or `none`. */
export function transformerStrategy(dto: Class): 'excludeAll' | 'exposeAll' | 'none' {
  return transformer.getStrategy(dto);
}

/** Properties with `@Expose` metadata on the class (bases included). */
export function exposedProperties(cls: Class): string[] {
  const names: string[] = [];
  for (const expose of transformer.getExposedMetadatas(cls))
    if (expose.propertyName && !names.includes(expose.propertyName)) names.push(expose.propertyName);
  return names;
}
