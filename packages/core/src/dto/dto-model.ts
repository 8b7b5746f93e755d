import type { Class } from '../types.js';
import type {
  ConstraintMetadata,
  TransformerFacts,
  TypeMetadata,
  ValidationMetadata,
} from './metadata-storage.js';

export type { ConstraintMetadata, TransformerFacts, TypeMetadata, ValidationMetadata };

/** What `plainToInstance` converts a property's value to by type, and the key it arrives under. */
export interface PlainTarget {
  readonly key: string;
  readonly type: unknown;
}

/**
 * One property of a DTO class as class-validator and class-transformer see it, read once at boot.
 *
 * @example `describeDto(RoomDto).properties.get('name')?.metadatas.map((m) => m.name) // → ['isString']`
 */
export interface DtoProperty {
  readonly name: string;
  /** `design:type` (Array for arrays, Object for interfaces, `undefined` without metadata). */
  readonly design: unknown;
  /** Its class-validator metadata (constraints with their groups, `each`, options), in class-validator's order. */
  readonly metadatas: readonly ValidationMetadata[];
  /** `@Type`, `@Expose`, `@Exclude` and `@Transform` facts, inherited ones included. */
  readonly transformer: TransformerFacts;
  /** The key the property has on the wire: `@Expose({ name })` renames it. */
  readonly wireName: string;
  /**
   * Never reaches the validated value: `@Exclude()` in both directions, or a class-level `@Exclude()`
   * without a property-level `@Expose()`. A one-way `@Exclude` stays documented.
   */
  readonly hidden: boolean;
  /**
   * The class `@Type(() => X)` names, or `undefined` without `@Type` (or on a hidden property). Type
   * functions that inspect the object being transformed get empty stand-ins.
   */
  readonly declaredType: unknown;
  /**
   * Every type `plainToInstance` may give the value (`@Type` target, discriminator subtypes, else the
   * design type); `undefined` when a `@Type` function reads its options and picks the class per value.
   */
  readonly buildableTypes: readonly unknown[] | undefined;
  /**
   * `Set` or `Map` when the property is declared as one (`tags = new Set<string>()`): class-validator
   * walks such values for `each` and `@ValidateNested()`, and class-transformer collects into them.
   */
  readonly collection: 'Set' | 'Map' | undefined;
  /** The type conversion `plainToInstance` applies without / with implicit conversion, if any. */
  readonly plainTarget: PlainTarget | undefined;
  readonly implicitPlainTarget: PlainTarget | undefined;
}

/**
 * A DTO class described once at boot: the only view of class-validator's and class-transformer's
 * metadata the rest of Halyard reads (schemas, validators, examples). Frozen; the library's own
 * metadata objects inside are shared, never copied.
 *
 * @example `describeDto(RoomDto).validated // → true when a property carries a class-validator decorator`
 */
export interface DtoModel {
  readonly type: Class;
  readonly name: string;
  /** Every class-validator metadata of the class, own then inherited, as `validate` iterates it. */
  readonly metadatas: readonly ValidationMetadata[];
  /** At least one class-validator decorator. */
  readonly validated: boolean;
  /** Names of the validated properties, first seen first. */
  readonly validatedNames: readonly string[];
  /**
   * class-validator's own grouping object (a plain `{}`, read as its whitelist check reads it), or
   * `undefined` when a validated property is named like an `Object.prototype` member, which that
   * grouping cannot hold.
   */
  readonly grouped: Readonly<Record<string, readonly ValidationMetadata[]>> | undefined;
  /** Validated properties named like `Object.prototype` members (`toString`, `constructor`, ...). */
  readonly reservedNames: readonly string[];
  /**
   * Every documented property (validated or known to class-transformer), each where the most basic
   * class declaring it put it.
   */
  readonly properties: ReadonlyMap<string, DtoProperty>;
  /** The registered constraints of each validation metadata (its `constraintCls`). */
  readonly constraints: ReadonlyMap<ValidationMetadata, readonly ConstraintMetadata[]>;
  /** The class and its bases, the class first, up to (not including) `Function.prototype`. */
  readonly chain: readonly Class[];
  /** class-transformer facts about this very class (not its bases). */
  readonly own: {
    readonly typeProperties: readonly string[];
    /** `@Transform`, `@Expose` or `@Exclude` metadata on the class. */
    readonly markers: boolean;
    readonly types: boolean;
  };
  /** A constraint of this class (own or inherited metadata) is async. */
  readonly ownAsync: boolean;
  /**
   * What `@ValidateNested()` properties may be built as: classes, or `undefined` for a `@Type`
   * function that picks the class per value.
   */
  readonly nestedTypes: ReadonlyArray<readonly unknown[] | undefined>;
}
