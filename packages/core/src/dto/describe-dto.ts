import 'reflect-metadata';
import type { Class } from '../types.js';
import type { DtoModel, DtoProperty, PlainTarget } from './dto-model.js';
import {
  constraintMetadatas,
  exposedProperties,
  groupByPropertyName,
  hasOwnMarkers,
  hasOwnTypes,
  ownTypeProperties,
  transformerFacts,
  transformerStrategy,
  validationMetadatas,
  type ConstraintMetadata,
  type TransformerFacts,
  type ValidationMetadata,
} from './metadata-storage.js';

// Decorators run when a class is defined, so a class's metadata is complete before anything can
// reference it: describing it once is enough, and every app in the process shares the description.
const described = new WeakMap<Class, DtoModel>();

/** The class and its bases, the class first. */
function chainOf(dto: Class): Class[] {
  const chain: Class[] = [];
  for (
    let current: unknown = dto;
    typeof current === 'function' && current !== Function.prototype;
    current = Object.getPrototypeOf(current)
  )
    chain.push(current as Class);
  return chain;
}

/**
 * Validation metadata grouped by property, base class first: a property sits where the most basic
 * class declaring it put it, even when a subclass overrides its constraints. Then the properties
 * only class-transformer knows (e.g. `@Type(() => Date) sentAt` on a reply DTO).
 */
function propertyOrder(dto: Class, chain: readonly Class[], metas: readonly ValidationMetadata[]) {
  const groups = new Map<string, ValidationMetadata[]>();
  for (const owner of [...chain].reverse()) {
    const declared = owner === dto ? metas : validationMetadatas(owner);
    for (const meta of declared)
      if (meta.target === owner && !groups.has(meta.propertyName)) groups.set(meta.propertyName, []);
  }
  for (const meta of metas) groups.set(meta.propertyName, [...(groups.get(meta.propertyName) ?? []), meta]);
  for (const owner of chain) {
    for (const name of [...ownTypeProperties(owner), ...exposedProperties(owner)])
      if (!groups.has(name)) groups.set(name, []);
  }
  return groups;
}

function isHidden(facts: TransformerFacts, strategy: string): boolean {
  const exclude = facts.exclude;
  if (exclude && !exclude.options.toClassOnly && !exclude.options.toPlainOnly) return true;
  return strategy === 'excludeAll' && !facts.expose;
}

function buildableTypes(facts: TransformerFacts, design: unknown): unknown[] | undefined {
  const meta = facts.type;
  if (!meta) return [design];
  if (meta.typeFunction.length > 0) return undefined;
  const subTypes = meta.options?.discriminator?.subTypes ?? [];
  return [(meta.typeFunction as () => unknown)(), ...subTypes.map((subType) => subType.value)];
}

/**
 * `undefined` when no type conversion applies: `@Transform` (the user converts), an `@Exclude` that
 * drops it on input, a discriminator or a `@Type` function that reads its options (typed per value).
 */
function plainTarget(
  property: { facts: TransformerFacts; design: unknown; wireName: string },
  strategy: string,
  implicit: boolean,
): PlainTarget | undefined {
  const { facts } = property;
  if (facts.transformedToClass || facts.excludedToClass) return undefined;
  if (strategy === 'excludeAll' && !facts.exposedToClass) return undefined;
  const meta = facts.type;
  if (meta && (meta.options?.discriminator || meta.typeFunction.length > 0)) return undefined;
  const type = meta ? (meta.typeFunction as () => unknown)() : implicit ? property.design : undefined;
  return { key: property.wireName, type };
}

function describeProperty(
  owner: { dto: Class; strategy: string },
  name: string,
  metas: ValidationMetadata[],
): DtoProperty {
  const { dto, strategy } = owner;
  const design: unknown = Reflect.getMetadata('design:type', dto.prototype as object, name);
  const facts = transformerFacts(dto, name);
  const wireName = facts.expose?.options.name ?? name;
  const hidden = isHidden(facts, strategy);
  const typeMeta = facts.type;
  const declaredType =
    typeMeta && !hidden ? typeMeta.typeFunction({ newObject: {}, object: {}, property: name }) : undefined;
  const buildable = buildableTypes(facts, design);
  // class-transformer collects into the type it reflected when `@Type` was applied.
  const declared: unknown = typeMeta ? typeMeta.reflectedType : design;
  const input = { facts, design, wireName };
  return Object.freeze({
    name,
    design,
    metadatas: Object.freeze(metas),
    transformer: Object.freeze(facts),
    wireName,
    hidden,
    declaredType,
    buildableTypes: buildable && Object.freeze(buildable),
    collection: declared === Set ? 'Set' : declared === Map ? 'Map' : undefined,
    plainTarget: plainTarget(input, strategy, false),
    implicitPlainTarget: plainTarget(input, strategy, true),
  });
}

const freezeAll = <T>(values: T[]): readonly T[] => Object.freeze(values);

/**
 * The frozen model of a DTO class: what class-validator and class-transformer know about it, read
 * once. Never throws for a class's shape: what Halyard cannot serve is reported where the class is
 * used (see `assertServable`).
 *
 * @example `[...describeDto(RoomDto).properties.keys()] // → ['name', 'topic']`
 */
export function describeDto(dto: Class): DtoModel {
  const known = described.get(dto);
  if (known) return known;
  const metas = validationMetadatas(dto);
  const chain = chainOf(dto);
  const strategy = transformerStrategy(dto);
  const validatedNames = [...new Set(metas.map((meta) => meta.propertyName))];
  // class-validator groups into a `{}`, where `toString` & co. already hold a function: it throws.
  const reservedNames = validatedNames.filter((name) => name in Object.prototype);
  const properties = new Map<string, DtoProperty>();
  for (const [name, group] of propertyOrder(dto, chain, metas))
    properties.set(name, describeProperty({ dto, strategy }, name, group));
  const constraints = new Map<ValidationMetadata, readonly ConstraintMetadata[]>();
  for (const meta of metas) constraints.set(meta, freezeAll(constraintMetadatas(meta.constraintCls)));
  const nestedTypes = metas
    .filter((meta) => meta.type === 'nestedValidation')
    .map((meta) => properties.get(meta.propertyName)?.buildableTypes);
  const model: DtoModel = Object.freeze({
    type: dto,
    name: dto.name,
    metadatas: freezeAll(metas),
    validated: metas.length > 0,
    validatedNames: freezeAll(validatedNames),
    grouped: reservedNames.length === 0 ? Object.freeze(groupByPropertyName(metas)) : undefined,
    reservedNames: freezeAll(reservedNames),
    properties,
    constraints,
    chain: freezeAll(chain),
    own: Object.freeze({
      typeProperties: freezeAll(ownTypeProperties(dto)),
      markers: hasOwnMarkers(dto),
      types: hasOwnTypes(dto),
    }),
    ownAsync: metas.some(
      (meta) => meta.constraintCls && (constraints.get(meta) ?? []).some((constraint) => constraint.async),
    ),
    nestedTypes: freezeAll(nestedTypes),
  });
  described.set(dto, model);
  return model;
}
