import { describeDto } from '../dto/describe-dto.js';
import type { Class } from '../types.js';
import type { FieldError, ValueSource } from './field-error.js';

/**
 * class-transformer 0.5 reads the discriminator of every item of a discriminated array
 * (`@Type(() => Base, { discriminator })` on an array property) as `item[property]`, so a `null`
 * or missing item throws a `TypeError` out of `plainToInstance`: a 500 for a client's mistake.
 * This check, compiled at boot for the DTOs that can reach such a property, finds the first such
 * item before `plainToInstance` runs and answers it as class-validator answers a non-object item
 * of a nested array. It follows the input (already within the depth and size bounds), choosing
 * each nested object's class as class-transformer would.
 */
/** A property with `@Type`, as `plainToInstance` sees it: its wire key, discriminator and classes. */
interface TypedProperty {
  readonly property: string;
  readonly key: string;
  /** The discriminator's property and its subtypes, when `@Type` has one. */
  readonly discriminator?: { readonly property: string; readonly subTypes: ReadonlyMap<unknown, unknown> };
  /** The class `@Type` names (a discriminator's fallback); `undefined` when it picks per value. */
  readonly type: unknown;
}

/** Every `@Type` property of a class (inherited ones included), read from its DTO model. */
function typedProperties(dto: Class): TypedProperty[] {
  const out: TypedProperty[] = [];
  for (const property of describeDto(dto).properties.values()) {
    const meta = property.transformer.type;
    if (!meta) continue;
    const discriminator = meta.options?.discriminator;
    out.push({
      property: property.name,
      key: property.wireName,
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

export type NullItemCheck = (input: Record<string, unknown>) => FieldError | undefined;

/** `undefined` when no class reachable from `dto` has a discriminated `@Type` property. */
export function compileNullItemCheck(dto: Class, source: ValueSource): NullItemCheck | undefined {
  const plans = new Map<unknown, readonly TypedProperty[]>();
  let discriminated = false;
  const visit = (type: unknown): void => {
    if (typeof type !== 'function' || plans.has(type)) return;
    const properties = typedProperties(type as Class);
    plans.set(type, properties);
    for (const property of properties) {
      if (property.discriminator) {
        discriminated = true;
        for (const subType of property.discriminator.subTypes.values()) visit(subType);
      }
      visit(property.type);
    }
  };
  visit(dto);
  if (!discriminated) return undefined;

  const walk = (value: Record<string, unknown>, type: unknown, path: string): FieldError | undefined => {
    for (const property of plans.get(type) ?? []) {
      if (!Object.hasOwn(value, property.key)) continue;
      const field = value[property.key];
      const items = Array.isArray(field) ? field : [field];
      for (const [index, item] of items.entries()) {
        if (property.discriminator && Array.isArray(field) && (item === null || item === undefined)) {
          return {
            in: source,
            path: `${path}${property.property}.${index}`,
            constraint: 'nestedValidation',
            message: `each value in nested property ${property.property} must be either object or array`,
          };
        }
        if (typeof item !== 'object' || item === null || Array.isArray(item)) continue;
        const record = item as Record<string, unknown>;
        const itemType = property.discriminator
          ? (property.discriminator.subTypes.get(record[property.discriminator.property]) ?? property.type)
          : property.type;
        const at = `${path}${property.property}.${Array.isArray(field) ? `${index}.` : ''}`;
        const found = walk(record, itemType, at);
        if (found) return found;
      }
    }
    return undefined;
  };
  return (input) => walk(input, dto, '');
}
