import { HalyardError } from '../errors.js';
import type { Class } from '../types.js';
import { describeDto } from './describe-dto.js';
import type { DtoModel } from './dto-model.js';

/**
 * Every class validating `dto` may meet: the DTO, then every class a `@ValidateNested()` property can
 * be built as (`@Type` targets, discriminator subtypes, declared types), transitively. `perValue`
 * says a `@Type` function picks the class per value, so no list made at boot is complete.
 */
export function nestedClosure(dto: Class): {
  readonly models: readonly DtoModel[];
  readonly perValue: boolean;
} {
  const models: DtoModel[] = [];
  const seen = new Set<unknown>();
  let perValue = false;
  const visit = (type: Class): void => {
    if (seen.has(type)) return;
    seen.add(type);
    const model = describeDto(type);
    models.push(model);
    for (const types of model.nestedTypes) {
      if (types === undefined) perValue = true;
      else for (const next of types) if (typeof next === 'function') visit(next as Class);
    }
  };
  visit(dto);
  return { models, perValue };
}

/**
 * Whether class-validator may meet an async constraint validating this DTO, so that it must use
 * `validate` (`validateSync` skips async constraints without a word). Inherited constraints come
 * with each class's metadata; a `@Type` function that picks the class per value counts as async.
 */
export function usesAsyncConstraints(dto: Class): boolean {
  const { models, perValue } = nestedClosure(dto);
  return perValue || models.some((model) => model.ownAsync);
}

/**
 * Fails at boot for a DTO class validation cannot serve: a validated property named like an
 * `Object.prototype` member (`toString`, `constructor`, `__proto__`, ...) makes class-validator's
 * grouping throw on every object of that class, on the DTO itself or on a nested one.
 */
export function assertServable(dto: Class): void {
  for (const model of nestedClosure(dto).models) {
    const [member] = model.reservedNames;
    if (member !== undefined)
      throw new HalyardError('HALYARD_ERR_DTO_RESERVED_PROPERTY', { dto: model.name, member });
  }
}
