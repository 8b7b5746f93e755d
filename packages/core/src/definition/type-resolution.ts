import { describeDto } from '../dto/describe-dto.js';
import { HalyardError } from '../errors.js';
import type { Class } from '../types.js';
import type { TypeRef } from './app-definition.js';

const primitives = new Map<unknown, TypeRef>([
  [String, { kind: 'primitive', type: 'string' }],
  [Number, { kind: 'primitive', type: 'number' }],
  [Boolean, { kind: 'primitive', type: 'boolean' }],
  [Date, { kind: 'date' }],
]);

/** Built-ins that say nothing about a payload's shape. */
const opaque = new Set<unknown>([Object, Promise, Array, Function, Symbol, Map, Set, undefined]);

export function hasValidationMetadata(dto: Class): boolean {
  return describeDto(dto).validated;
}

/** Properties of a DTO that carry class-validator decorators (inherited ones included). */
export function dtoPropertyNames(dto: Class): readonly string[] {
  return describeDto(dto).validatedNames;
}

export function typeLabel(type: unknown): string {
  if (type === undefined) return 'no type metadata';
  if (typeof type === 'function') return type.name || 'an anonymous type';
  return String(type);
}

/**
 * Turns an explicit decorator type or a `design:*` type into a `TypeRef`, or returns `undefined`
 * when the type says nothing usable (Object, Promise, Array, interfaces).
 */
export function toTypeRef(type: unknown, target: string): TypeRef | undefined {
  if (Array.isArray(type)) {
    const item = toTypeRef(type[0], target);
    return item ? { kind: 'array', items: item } : undefined;
  }
  const primitive = primitives.get(type);
  if (primitive) return primitive;
  if (opaque.has(type) || typeof type !== 'function') return undefined;
  const dto = type as Class;
  if (!hasValidationMetadata(dto)) {
    throw new HalyardError('HALYARD_ERR_DTO_NOT_VALIDATED', { target, dto: dto.name });
  }
  return { kind: 'dto', type: dto };
}

export function collectDtos(ref: TypeRef | null | undefined, into: Set<Class>): void {
  if (!ref) return;
  switch (ref.kind) {
    case 'dto':
      into.add(ref.type);
      return;
    case 'array':
      collectDtos(ref.items, into);
      return;
    case 'primitive':
    case 'date':
    case 'unknown':
      return;
    default: {
      const exhaustive: never = ref;
      throw new TypeError(`unhandled type ref ${JSON.stringify(exhaustive)}`);
    }
  }
}
